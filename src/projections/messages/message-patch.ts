import { normalizeTime } from '../engine/decode-record';
import { SourceEvent } from '../engine/projection';
import { RowPatch } from '../upsert/table-spec';

/**
 * Every change to a `messages` row carries the row key and the bookkeeping columns: first_seen_at
 * and updated_at are the envelope's receivedAt (event.eventTime), never the clock, so a replay
 * writes identical rows.
 */
export function messagePatch(event: SourceEvent, chatId: string, id: string, columns: RowPatch): RowPatch {
  return { instance_id: event.instanceId, chat_id: chatId, id, first_seen_at: event.eventTime, updated_at: event.eventTime, ...columns };
}

/**
 * The payload's own time (message, edit, reaction, delete, star, receipt time) as a canonical
 * ISO-8601 UTC string, so times compare correctly as strings in the in-memory merge. WSAPI's zero
 * time means "not set": then the envelope's receivedAt stands in.
 */
export function payloadTime(value: string, event: SourceEvent): string {
  return normalizeTime(value) ?? event.eventTime;
}
