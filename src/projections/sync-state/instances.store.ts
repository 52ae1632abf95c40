import { Sql } from '../../database/sql';
import { HistoryProgress, InstanceRow, newInstanceRow, NO_HISTORY } from './instance-row';
import { SyncChange } from './sync-changes';
import { SyncStatus } from './sync-status';

export const INSTANCES_TABLE = 'instances';
export const HISTORY_CHUNKS_TABLE = 'instance_history_chunks';

type HistoryChunk = Extract<SyncChange, { type: 'history_chunk' }>;

const COLUMNS = Object.keys(newInstanceRow('')) as (keyof InstanceRow)[];
const WRITTEN_COLUMNS = COLUMNS.filter((column) => column !== 'instance_id');
const TIME_COLUMNS = new Set<keyof InstanceRow>([
  'logged_in_at',
  'initial_sync_finished_at',
  'logged_out_at',
  'login_error_at',
  'history_sync_resolved_at',
  'flush_requested_at',
  'history_first_event_at',
  'history_latest_event_at',
  'last_snapshot_at',
  'snapshot_outcome_at',
  'last_event_at',
  'last_sse_gap_from',
  'last_sse_gap_to',
  'backfill_oldest_at',
]);
const BIGINT_COLUMNS = new Set<keyof InstanceRow>(['initial_sync_ms', 'history_wait_ms', 'history_duration_ms', 'total_sync_ms']);

// Table names are unqualified: a rebuild points search_path at its shadow schema.

/** Locks the instances' rows (creating missing ones), in a fixed order so concurrent batches cannot deadlock. */
export async function lockInstances(sql: Sql, instanceIds: string[]): Promise<Map<string, InstanceRow>> {
  const ids = [...new Set(instanceIds)].sort();
  await sql.query(
    `INSERT INTO ${INSTANCES_TABLE} (instance_id, status) SELECT id, $2 FROM unnest($1::text[]) AS id ORDER BY id ON CONFLICT DO NOTHING`,
    [ids, SyncStatus.Unknown],
  );
  const rows = await sql.query<Record<string, unknown>>(`SELECT * FROM ${INSTANCES_TABLE} WHERE instance_id = ANY($1) ORDER BY instance_id FOR UPDATE`, [ids]);
  return new Map(rows.map((row) => [String(row.instance_id), rowFromDatabase(row)]));
}

export async function saveInstances(sql: Sql, rows: InstanceRow[]): Promise<void> {
  if (rows.length === 0) return;
  const names = WRITTEN_COLUMNS.map((column) => `"${column}"`).join(', ');
  const values = WRITTEN_COLUMNS.map((column) => `r."${column}"`).join(', ');
  await sql.query(
    `UPDATE ${INSTANCES_TABLE} AS t SET (${names}) = (${values})
     FROM jsonb_populate_recordset(NULL::${INSTANCES_TABLE}, $1::jsonb) AS r
     WHERE t.instance_id = r.instance_id`,
    [JSON.stringify(rows)],
  );
}

/** Stores each history chunk once (a redelivered event has the same key). */
export async function insertHistoryChunks(sql: Sql, chunks: HistoryChunk[]): Promise<void> {
  if (chunks.length === 0) return;
  const rows = chunks.map((chunk) => ({ instance_id: chunk.instanceId, chunk_key: chunk.chunkKey, received_at: chunk.at, chat_ids: chunk.chatIds, messages: chunk.messages }));
  await sql.query(
    `INSERT INTO ${HISTORY_CHUNKS_TABLE} (instance_id, chunk_key, received_at, chat_ids, messages)
     SELECT instance_id, chunk_key, received_at, chat_ids, messages
     FROM jsonb_to_recordset($1::jsonb) AS r(instance_id text, chunk_key text, received_at timestamptz, chat_ids jsonb, messages integer)
     ON CONFLICT DO NOTHING`,
    [JSON.stringify(rows)],
  );
}

/**
 * The current cycle's history per instance: the chunks received since its logged_in. Counted from
 * the stored chunks rather than incremented, so it does not matter whether a chunk is applied
 * before or after the logged_in that opened its cycle (a rebuild reads the topics interleaved
 * differently than live did).
 */
export async function historyProgress(sql: Sql, rows: InstanceRow[]): Promise<Map<string, HistoryProgress>> {
  if (rows.length === 0) return new Map();
  const found = await sql.query<{ instance_id: string; events: number; chats: number; messages: number; first_at: Date | null; latest_at: Date | null }>(
    `SELECT s.instance_id,
            count(c.chunk_key)::int AS events,
            coalesce(sum(c.messages), 0)::int AS messages,
            min(c.received_at) AS first_at,
            max(c.received_at) AS latest_at,
            (SELECT count(DISTINCT chat)::int
               FROM ${HISTORY_CHUNKS_TABLE} c2, jsonb_array_elements_text(c2.chat_ids) AS chat
              WHERE c2.instance_id = s.instance_id AND (s.since IS NULL OR c2.received_at >= s.since)) AS chats
     FROM unnest($1::text[], $2::timestamptz[]) AS s(instance_id, since)
     LEFT JOIN ${HISTORY_CHUNKS_TABLE} c ON c.instance_id = s.instance_id AND (s.since IS NULL OR c.received_at >= s.since)
     GROUP BY s.instance_id, s.since`,
    [rows.map((row) => row.instance_id), rows.map((row) => row.logged_in_at)],
  );
  const progress = new Map(
    found.map((row) => [
      row.instance_id,
      { events: row.events, chats: row.chats, messages: row.messages, firstAt: isoOrNull(row.first_at), latestAt: isoOrNull(row.latest_at) },
    ]),
  );
  return new Map(rows.map((row) => [row.instance_id, progress.get(row.instance_id) ?? NO_HISTORY]));
}

/** One instance's row as stored, for readers (the admin endpoint). */
export async function readInstance(sql: Sql, instanceId: string): Promise<InstanceRow | undefined> {
  const [row] = await sql.query<Record<string, unknown>>(`SELECT * FROM ${INSTANCES_TABLE} WHERE instance_id = $1`, [instanceId]);
  return row ? rowFromDatabase(row) : undefined;
}

function rowFromDatabase(stored: Record<string, unknown>): InstanceRow {
  const row: Record<string, unknown> = { ...newInstanceRow(String(stored.instance_id)) };
  for (const column of COLUMNS) {
    const value = stored[column];
    if (value === undefined) continue;
    // pg returns timestamptz as Date and bigint as string; the row keeps ISO strings and numbers.
    if (TIME_COLUMNS.has(column)) row[column] = isoOrNull(value as Date | null);
    else if (BIGINT_COLUMNS.has(column)) row[column] = value === null ? null : Number(value);
    else row[column] = value;
  }
  return row as unknown as InstanceRow;
}

function isoOrNull(value: Date | string | null): string | null {
  return value === null ? null : new Date(value).toISOString();
}
