import { KafkaMessage } from 'kafkajs';
import { decodeRecord } from './decode-record';
import { handlesEventType, Projection, SourceEvent } from './projection';
import { InvalidPayloadError } from '../../wsapi/payloads/invalid-payload.error';

/** One record of a batch after `decode`: its changes, or why it is poison. */
export type DecodedRecord = { message: KafkaMessage; offset: bigint } & ({ changes: unknown[] } | { poisonReason: string });

export interface DecodedBatch {
  topic: string;
  partition: number;
  messages: KafkaMessage[];
  /** In offset order; records of other instances (an instance rebuild) are left out. */
  records: DecodedRecord[];
}

/** Gives the event loop back this often, so other batches' Postgres round trips go on meanwhile. */
const YIELD_EVERY_MS = 4;

/**
 * Decodes a partition batch outside any transaction: decode is pure, so it can run while another
 * batch of the same projection is being written. Which records the checkpoint already covers is
 * only known inside the write's transaction, which drops those.
 */
export async function decodeBatch(projection: Projection, topic: string, partition: number, messages: KafkaMessage[], instanceId?: string): Promise<DecodedBatch> {
  const records: DecodedRecord[] = [];
  let sliceStarted = performance.now();
  for (const message of messages) {
    if (instanceId !== undefined && message.key?.toString('utf8') !== instanceId) continue;
    const offset = BigInt(message.offset);
    try {
      const changes = projection.decodeUnparsed?.(topic, message) ?? decodeHandled(projection, decodeRecord(topic, partition, message));
      records.push({ message, offset, changes });
    } catch (error) {
      records.push({ message, offset, poisonReason: reasonOf(error) });
    }
    if (performance.now() - sliceStarted > YIELD_EVERY_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      sliceStarted = performance.now();
    }
  }
  return { topic, partition, messages, records };
}

/** A record whose envelope is sound but whose type the projection does not handle has no changes. */
function decodeHandled(projection: Projection, event: SourceEvent): unknown[] {
  return handlesEventType(projection, event.eventType) ? projection.decode(event) : [];
}

export function reasonOf(error: unknown): string {
  if (error instanceof InvalidPayloadError) return error.message;
  return `${(error as Error).name ?? 'Error'}: ${(error as Error).message ?? String(error)}`;
}
