import { Injectable } from '@nestjs/common';
import { EventCategory } from '../../wsapi/event-types';
import { ApplyContext, Projection, SourceEvent } from '../engine/projection';
import { HistoryPage, historyPages } from './history-page';

const COLUMNS: (keyof HistoryPage)[] = [
  'instance_id', 'chat_id', 'kafka_partition', 'kafka_offset', 'event_time', 'message_count',
  'message_ids', 'oldest_time', 'oldest_id', 'oldest_sender', 'newest_time',
];

/**
 * `history_pages`: every received history event per chat, with its Kafka position (stable across
 * replays) and its oldest message. The backfill worker (src/backfill/) matches its page requests
 * against these rows; the messages themselves are the messages projection's business.
 */
@Injectable()
export class HistoryPagesProjection implements Projection<HistoryPage> {
  readonly name = 'history-pages';
  readonly topics = [EventCategory.History];
  readonly tables = ['history_pages'];
  readonly handles = ['message_history_sync'];
  readonly version = 1;

  decode(event: SourceEvent): HistoryPage[] {
    return event.eventType === 'message_history_sync' ? historyPages(event) : [];
  }

  async apply(changes: HistoryPage[], { sql }: ApplyContext): Promise<void> {
    if (changes.length === 0) return;
    // One row per column as an array: a whole batch in one statement (message_ids as JSON, one array per row).
    const columns = COLUMNS.map((column) => changes.map((page) => (column === 'message_ids' ? JSON.stringify(page.message_ids) : page[column])));
    await sql.query(
      `INSERT INTO history_pages (${COLUMNS.join(', ')})
       SELECT i, c, p, o, t, n, ARRAY(SELECT jsonb_array_elements_text(ids)), ot, oi, os, nt
         FROM unnest($1::text[], $2::text[], $3::int[], $4::bigint[], $5::timestamptz[], $6::int[], $7::jsonb[], $8::timestamptz[], $9::text[], $10::text[], $11::timestamptz[])
           AS u (i, c, p, o, t, n, ids, ot, oi, os, nt)
       ON CONFLICT DO NOTHING`,
      columns,
    );
  }
}
