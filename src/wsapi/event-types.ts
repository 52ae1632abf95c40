/**
 * WSAPI's event catalogue (shared/wsapi/README.md §3) and the Kafka topic category of each type.
 * Downstream services subscribe by category, so this table is part of our public contract.
 */
export enum EventCategory {
  Session = 'session',
  Messages = 'messages',
  History = 'history',
  Chats = 'chats',
  Contacts = 'contacts',
  Groups = 'groups',
  Presence = 'presence',
  Calls = 'calls',
  Newsletters = 'newsletters',
  Unknown = 'unknown',
}

export const EVENT_CATEGORY_BY_TYPE: Readonly<Record<string, EventCategory>> = {
  logged_in: EventCategory.Session,
  logged_out: EventCategory.Session,
  login_error: EventCategory.Session,
  logged_error: EventCategory.Session, // legacy alias of login_error
  initial_sync_finished: EventCategory.Session,
  message: EventCategory.Messages,
  message_read: EventCategory.Messages,
  message_delete: EventCategory.Messages,
  message_star: EventCategory.Messages,
  message_history_sync: EventCategory.History,
  chat_setting: EventCategory.Chats,
  chat_push_name: EventCategory.Chats,
  chat_status: EventCategory.Chats,
  chat_picture: EventCategory.Chats,
  user_push_name: EventCategory.Chats, // legacy alias of chat_push_name
  user_status: EventCategory.Chats, // legacy alias of chat_status
  user_picture: EventCategory.Chats, // legacy alias of chat_picture
  contact: EventCategory.Contacts,
  group: EventCategory.Groups,
  chat_presence: EventCategory.Presence,
  user_presence: EventCategory.Presence,
  call_offer: EventCategory.Calls,
  call_accept: EventCategory.Calls,
  call_terminate: EventCategory.Calls,
  newsletter: EventCategory.Newsletters,
};

/** Legacy names still sent by older WSAPI clients, mapped to the current name. */
export const EVENT_TYPE_ALIASES: Readonly<Record<string, string>> = {
  logged_error: 'login_error',
  user_push_name: 'chat_push_name',
  user_status: 'chat_status',
  user_picture: 'chat_picture',
};

export function categoryOf(eventType: string): EventCategory {
  return Object.prototype.hasOwnProperty.call(EVENT_CATEGORY_BY_TYPE, eventType)
    ? EVENT_CATEGORY_BY_TYPE[eventType]
    : EventCategory.Unknown;
}

export function canonicalEventType(eventType: string): string {
  return EVENT_TYPE_ALIASES[eventType] ?? eventType;
}
