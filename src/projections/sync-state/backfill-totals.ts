import { Sql } from '../../database/sql';
import { InstanceRow } from './instance-row';
import { SyncChange } from './sync-changes';

export const BACKFILL_OUTCOMES_TABLE = 'instance_backfill_outcomes';

type BackfillOutcome = Extract<SyncChange, { type: 'backfill_outcome' }>;

/** Stores each chat walk's outcome once (a re-published event carries the same backfill and chat). */
export async function insertBackfillOutcomes(sql: Sql, outcomes: BackfillOutcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  const rows = outcomes.map(({ instanceId, at, outcome }) => ({
    instance_id: instanceId, backfill_id: outcome.backfillId, chat_id: outcome.chatId, state: outcome.state,
    pages: outcome.pages, messages: outcome.messages, oldest_time: outcome.oldestTime ?? null, ended_at: at,
  }));
  await sql.query(
    `INSERT INTO ${BACKFILL_OUTCOMES_TABLE} (instance_id, backfill_id, chat_id, state, pages, messages, oldest_time, ended_at)
     SELECT * FROM jsonb_to_recordset($1::jsonb)
       AS r(instance_id text, backfill_id text, chat_id text, state text, pages integer, messages integer, oldest_time timestamptz, ended_at timestamptz)
     ON CONFLICT DO NOTHING`,
    [JSON.stringify(rows)],
  );
}

/**
 * The instances' backfill totals, counted from the stored outcomes (so arrival order and
 * redeliveries do not matter): pages and messages of every walk, the oldest time reached, and the
 * chats whose latest walk stalled.
 */
export async function withBackfillTotals(sql: Sql, rows: InstanceRow[]): Promise<InstanceRow[]> {
  const totals = await sql.query<{ instance_id: string; pages: number; messages: number; oldest: Date | null; stalled: number }>(
    `SELECT o.instance_id, sum(o.pages)::int AS pages, sum(o.messages)::int AS messages, min(o.oldest_time) AS oldest,
            (SELECT count(*)::int FROM (
               SELECT DISTINCT ON (l.chat_id) l.state FROM ${BACKFILL_OUTCOMES_TABLE} l
               WHERE l.instance_id = o.instance_id ORDER BY l.chat_id, l.ended_at DESC, l.backfill_id DESC) latest
             WHERE latest.state = 'stalled') AS stalled
     FROM ${BACKFILL_OUTCOMES_TABLE} o WHERE o.instance_id = ANY($1::text[]) GROUP BY o.instance_id`,
    [rows.map((row) => row.instance_id)],
  );
  const byInstance = new Map(totals.map((total) => [total.instance_id, total]));
  return rows.map((row) => {
    const total = byInstance.get(row.instance_id);
    if (!total) return row;
    return { ...row, backfill_pages: total.pages, backfill_messages: total.messages, backfill_oldest_at: total.oldest ? new Date(total.oldest).toISOString() : null, backfill_stalled_chats: total.stalled };
  });
}
