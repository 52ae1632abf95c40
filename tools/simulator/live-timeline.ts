import { Chat, Group, identityOf, Person, selfDeviceJid, SimulatedAccount } from './account';
import { SimulatedEvent } from './account-stream';
import { liveMessages, MessagePayload } from './chat-messages';
import { eventId, messageId, pictureId } from './identifiers';
import { randomFor, SimulationRandom } from './seeded-random';
import { EMOJI } from './vocabulary';

export interface TimelineOptions {
  /** Average time between two live events (the live phase lasts events × this). */
  spacingMs?: number;
}

/** Something that happens during the live phase, at a fraction of it (0 = logged_in, 1 = initial_sync_finished). */
interface Fact {
  at: number;
  eventType: string;
  /** Builds the payload once the fact's wall-clock time is known. */
  data: (timeMs: number) => Record<string, unknown>;
}

/** WSAPI stamps receivedAt a moment after WhatsApp's own time of the event. */
const RECEIVE_LAG_MS = 120;
const EPHEMERAL_SETTING: Record<number, string> = { 86_400: '24h', 604_800: '7d', 7_776_000: '90d' };

/**
 * The account's webhooks in WSAPI's order: `logged_in`, the live events of the initial sync
 * (address-book changes, push names, chat settings, group changes, messages with their receipts,
 * reactions, edits, deletes, stars and pins, presence, calls), then `initial_sync_finished`.
 * The live events are consistent with the account's final state, which is what the REST snapshots
 * return. Pure: the same account and options give the same events.
 */
export function liveTimeline(account: SimulatedAccount, options: TimelineOptions = {}): SimulatedEvent[] {
  const random = randomFor(account.seed, 'live-timeline');
  const facts = [...peopleFacts(account, random), ...chatFacts(account, random), ...groupFacts(account, random), ...messageFacts(account, random)];
  facts.sort((a, b) => a.at - b.at);
  const span = Math.max(1, facts.length) * (options.spacingMs ?? 5);
  const ids = randomFor(account.seed, 'live-event-ids');
  const envelope = (eventType: string, timeMs: number, eventData: Record<string, unknown>): SimulatedEvent => ({
    eventId: eventId(ids),
    instanceId: account.instanceId,
    receivedAt: new Date(Math.floor(timeMs) + RECEIVE_LAG_MS).toISOString(),
    eventType,
    eventData,
  });
  const firstAt = account.startAt + 1_000;
  return [
    envelope('logged_in', account.startAt - RECEIVE_LAG_MS, { deviceId: selfDeviceJid(account) }),
    ...facts.map((fact) => {
      const timeMs = firstAt + fact.at * span;
      return envelope(fact.eventType, timeMs, fact.data(timeMs));
    }),
    envelope('initial_sync_finished', firstAt + span + 1_000, {}),
  ];
}

function peopleFacts(account: SimulatedAccount, random: SimulationRandom): Fact[] {
  const facts: Fact[] = [];
  for (const person of account.people) {
    const user = identityOf(person);
    if (person.inAddressBook && random.chance(0.5)) {
      facts.push({ at: random.next(), eventType: 'contact', data: () => ({ contact: user, fullName: person.fullName, inPhoneAddressBook: true }) });
    }
    if (random.chance(0.4)) facts.push({ at: random.next(), eventType: 'chat_push_name', data: () => ({ user, pushName: person.pushName }) });
    if (random.chance(0.15)) facts.push({ at: random.next(), eventType: 'chat_status', data: () => ({ user, status: person.status }) });
    if (random.chance(0.05)) {
      facts.push({ at: random.next(), eventType: 'user_presence', data: (time) => ({ user, status: 'unavailable', lastSeen: iso(time - 60_000) }) });
    }
  }
  if (random.chance(0.3)) {
    facts.push({ at: random.next(), eventType: 'newsletter', data: () => ({ id: `120363${random.digits(12)}@newsletter`, action: 'join', name: 'Tech News Daily', role: 'subscriber' }) });
  }
  return facts;
}

function chatFacts(account: SimulatedAccount, random: SimulationRandom): Fact[] {
  const facts: Fact[] = [];
  const setting = (chat: Chat, settingType: string, block: Record<string, unknown>) =>
    facts.push({ at: random.next(), eventType: 'chat_setting', data: () => ({ id: chat.id, settingType, [settingType]: block }) });
  for (const chat of account.chats) {
    if (chat.isArchived) setting(chat, 'archive', { isArchived: true });
    if (chat.isPinned) setting(chat, 'pin', { isPinned: true });
    if (chat.muteEndTime !== undefined) setting(chat, 'mute', { isMuted: true, muteEndTime: iso(chat.muteEndTime) });
    if (random.chance(0.3)) setting(chat, 'read', { isRead: random.chance(0.5) });
    const seconds = chat.group?.ephemeralSeconds ?? 0;
    if (seconds > 0) setting(chat, 'ephemeral', { expiration: EPHEMERAL_SETTING[seconds], sender: { ...identityOf(chat.group!.owner, false), isMe: chat.group!.owner.index < 0 } });
    if (random.chance(0.2)) {
      const by = chat.person ?? chat.group!.owner;
      facts.push({ at: random.next(), eventType: 'chat_picture', data: () => ({ id: chat.id, sender: { ...identityOf(by), isMe: by.index < 0 }, pictureId: pictureId(random) }) });
    }
  }
  return facts;
}

/** Group changes that lead to each group's final state (what GET /groups returns). */
function groupFacts(account: SimulatedAccount, random: SimulationRandom): Fact[] {
  const facts: Fact[] = [];
  for (const group of account.groups) {
    const identity = (person: Person) => identityOf(person, group.lidAddressed || person.lidOnly);
    const change = (at: number, block: Record<string, unknown>) =>
      facts.push({ at, eventType: 'group', data: (time) => ({ id: group.id, sender: { ...identity(group.owner), isMe: group.owner.index < 0 }, timestamp: iso(time), ...block }) });
    if (random.chance(0.5)) change(random.next(), { name: { name: group.subject } });
    if (random.chance(0.3)) change(random.next(), { description: { topic: group.topic } });
    const plain = group.members.filter((member) => !member.isAdmin && member.person.index >= 0);
    const promoted = group.members.filter((member) => member.isAdmin && member.person !== group.owner && member.person.index >= 0);
    if (plain.length > 0 && random.chance(0.4)) change(random.next(), { join: [identity(random.pick(plain).person)] });
    // A join, then a promotion: the member ends as an admin, as the snapshot lists them.
    for (const admin of promoted.filter(() => random.chance(0.5))) {
      const at = random.next() * 0.9;
      change(at, { join: [identity(admin.person)] });
      change(at + 0.05, { promote: [identity(admin.person)] });
    }
    for (const leaver of group.leavers) change(random.next(), { leave: [identity(leaver)] });
  }
  return facts;
}

/** Live messages of every chat, each possibly followed by receipts, a reaction, an edit, a delete, a star or a pin. */
function messageFacts(account: SimulatedAccount, random: SimulationRandom): Fact[] {
  const facts: Fact[] = [];
  for (const chat of account.chats) {
    for (const { at, message } of liveMessages(account, chat)) {
      if (!isFromMe(message) && random.chance(0.1)) {
        facts.push({ at: Math.max(0, at - 0.0001), eventType: 'chat_presence', data: () => ({ id: chat.id, sender: message.sender, state: 'typing' }) });
      }
      facts.push({ at, eventType: 'message', data: (time) => Object.assign(message, { time: iso(time - RECEIVE_LAG_MS) }) });
      facts.push(...followUps(account, chat, message, at, random));
    }
    if (chat.person && random.chance(0.1)) facts.push(...call(chat.person, random));
  }
  return facts;
}

function followUps(account: SimulatedAccount, chat: Chat, message: MessagePayload, at: number, random: SimulationRandom): Fact[] {
  const later = () => Math.min(1, at + random.next() * 0.05);
  const facts: Fact[] = [];
  const other = counterpart(account, chat, random);
  const target = { id: message.id, chatId: chat.id };
  if (isFromMe(message)) {
    const receipt = (receiptType: string) => (time: number) => ({
      chatId: chat.id, sender: { ...identityOf(other), isMe: false }, messageSender: message.sender, isGroup: chat.group !== undefined, messageIds: [message.id], time: iso(time), receiptType,
    });
    facts.push({ at: later(), eventType: 'message_read', data: receipt('delivered') });
    if (random.chance(0.6)) facts.push({ at: later(), eventType: 'message_read', data: receipt('read') });
  } else if (random.chance(0.3)) {
    facts.push({ at: later(), eventType: 'message_read', data: (time) => ({ chatId: chat.id, sender: { ...identityOf(account.self, false), isMe: true }, isGroup: chat.group !== undefined, messageIds: [message.id], time: iso(time), receiptType: 'readSelf' }) });
  }
  const reply = (time: number, fields: Record<string, unknown>) => ({
    id: messageId(random), time: iso(time), chatId: chat.id, sender: { ...identityOf(other), isMe: false }, isGroup: chat.group !== undefined, isStatus: false, ...fields,
  });
  if (random.chance(0.06)) facts.push({ at: later(), eventType: 'message', data: (time) => reply(time, { type: 'reaction', reaction: { messageId: message.id, emoji: random.pick(EMOJI) } }) });
  if (random.chance(0.03)) {
    facts.push({
      at: later(), eventType: 'message',
      data: (time) => ({ ...message, id: messageId(random), time: iso(time), text: `${String(message.text ?? '')} (edited)`, isEdit: true, edit: { originalMessageId: message.id, originalMessageTime: message.time } }),
    });
  }
  if (random.chance(0.02)) facts.push({ at: later(), eventType: 'message_delete', data: (time) => ({ ...target, sender: message.sender, time: iso(time), isDeletedForAll: true, isDeletedForMe: false }) });
  if (random.chance(0.02)) facts.push({ at: later(), eventType: 'message_star', data: (time) => ({ ...target, sender: message.sender, time: iso(time), isStarred: true }) });
  if (random.chance(0.005)) facts.push({ at: later(), eventType: 'message', data: (time) => reply(time, { type: 'pinInChat', pin: { messageId: message.id, pinned: true, expiration: '7d' } }) });
  return facts;
}

function call(person: Person, random: SimulationRandom): Fact[] {
  const id = random.hex(32);
  const at = random.next() * 0.95;
  const caller = identityOf(person, false);
  return [
    { at, eventType: 'call_offer', data: (time) => ({ id, caller, chatId: person.jid, isGroup: false, time: iso(time), isVideo: random.chance(0.3) }) },
    { at: at + 0.02, eventType: 'call_terminate', data: (time) => ({ id, caller, time: iso(time), reason: random.pick(['rejected', 'ended']) }) },
  ];
}

/** Who answers in a chat: the other person, or a group member other than the account. */
function counterpart(account: SimulatedAccount, chat: Chat, random: SimulationRandom): Person {
  if (chat.person) return chat.person;
  const others = (chat.group as Group).members.filter((member) => member.person.index >= 0);
  return others.length > 0 ? random.pick(others).person : account.self;
}

const isFromMe = (message: MessagePayload) => (message.sender as { isMe?: boolean }).isMe === true;
const iso = (ms: number) => new Date(Math.floor(ms)).toISOString();
