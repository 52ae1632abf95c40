import { EventCategory } from '../wsapi/event-types';

/** Topics this service owns besides the WSAPI event categories. */
export enum ServiceTopic {
  /** REST snapshots (contacts, chats, groups) fetched by this service, published as events. */
  Snapshots = 'snapshots',
  /** Events a projection could not handle, with the reason in headers. */
  DeadLetter = 'dlq',
}

export type TopicSuffix = EventCategory | ServiceTopic;

export function topicName(prefix: string, suffix: TopicSuffix): string {
  return `${prefix}.${suffix}`;
}

export function allTopicSuffixes(): TopicSuffix[] {
  return [...Object.values(EventCategory), ...Object.values(ServiceTopic)];
}

/** Headers on every record we publish; values are UTF-8 strings. */
export enum RecordHeader {
  EventType = 'wsapi-event-type',
  EventId = 'wsapi-event-id',
  InstanceId = 'wsapi-instance-id',
  IngestedAt = 'wsapi-ingested-at',
  /** webhook, sse, or wsapi-sync (records this service produced itself, e.g. snapshots). */
  Source = 'wsapi-source',
}

/** Largest record the topics accept: the largest webhook body plus room for headers. */
export const TOPIC_MAX_MESSAGE_BYTES = 20 * 1024 * 1024;
