import { KafkaMessage } from 'kafkajs';
import { RecordHeader } from '../../kafka/topics';
import { canonicalEventType } from '../../wsapi/event-types';
import { PoisonEventError, SourceEvent } from './projection';

/** Turns a raw Kafka record into a SourceEvent, or throws PoisonEventError saying why not. */
export function decodeRecord(topic: string, partition: number, message: KafkaMessage): SourceEvent {
  let envelope: Record<string, unknown>;
  try {
    envelope = JSON.parse((message.value ?? Buffer.alloc(0)).toString('utf8'));
  } catch (error) {
    throw new PoisonEventError(`record is not JSON: ${(error as Error).message}`);
  }
  if (typeof envelope !== 'object' || envelope === null || Array.isArray(envelope)) throw new PoisonEventError('record is not a JSON object');
  const { instanceId, eventType, eventData, eventId, receivedAt } = envelope;
  if (typeof instanceId !== 'string' || instanceId === '') throw new PoisonEventError('envelope has no instanceId');
  if (typeof eventType !== 'string' || eventType === '') throw new PoisonEventError('envelope has no eventType');
  if (typeof eventData !== 'object' || eventData === null || Array.isArray(eventData)) throw new PoisonEventError('envelope has no eventData object');
  return {
    topic,
    partition,
    offset: message.offset,
    instanceId,
    eventType: canonicalEventType(eventType),
    eventId: typeof eventId === 'string' ? eventId : undefined,
    eventTime: eventTimeOf(receivedAt, message),
    eventData: eventData as Record<string, unknown>,
  };
}

function eventTimeOf(receivedAt: unknown, message: KafkaMessage): string {
  const fromEnvelope = normalizeTime(receivedAt);
  if (fromEnvelope) return fromEnvelope;
  const ingested = message.headers?.[RecordHeader.IngestedAt];
  return normalizeTime(ingested ? String(ingested) : undefined) ?? new Date(Number(message.timestamp)).toISOString();
}

/** RFC 3339 → ISO-8601 UTC with milliseconds; WSAPI's zero time (year 1) means "not set". */
export function normalizeTime(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const millis = Date.parse(value);
  if (Number.isNaN(millis)) return undefined;
  const iso = new Date(millis).toISOString();
  return iso.startsWith('0001-') ? undefined : iso;
}
