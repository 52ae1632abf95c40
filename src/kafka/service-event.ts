import { randomUUID } from 'node:crypto';
import { EventSource, EventToPublish } from './event-publisher';
import { TopicSuffix } from './topics';

/**
 * An event of our own, in WSAPI's envelope shape so every consumer decodes it like any other:
 * `{eventId, instanceId, receivedAt, eventType, eventData}`, with receivedAt = when we produced it.
 */
export function serviceEvent(instanceId: string, eventType: string, eventData: object, topic: TopicSuffix): EventToPublish {
  const eventId = `svc_${randomUUID()}`;
  const raw = Buffer.from(JSON.stringify({ eventId, instanceId, receivedAt: new Date().toISOString(), eventType, eventData }));
  return { instanceId, eventType, eventId, raw, source: EventSource.Service, topic };
}

/** The same event again from its stored bytes (an outbox row keeps them so a re-publish is identical). */
export function storedServiceEvent(raw: string, topic: TopicSuffix): EventToPublish {
  const { instanceId, eventType, eventId } = JSON.parse(raw) as { instanceId: string; eventType: string; eventId: string };
  return { instanceId, eventType, eventId, raw: Buffer.from(raw), source: EventSource.Service, topic };
}
