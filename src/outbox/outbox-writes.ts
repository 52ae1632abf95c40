import { Sql } from '../database/sql';
import { OutboxCancellation, OutboxEffect, OutboxJobStatus, NewOutboxJob } from './outbox-job';

/**
 * Writes a projection's decisions into the outbox inside the projection's own transaction, so a
 * decision exists exactly when the offsets that led to it are committed. A job is unique per
 * (topic prefix, instance, cycle, kind): a duplicate event inserts nothing.
 */
export async function applyOutboxEffects(sql: Sql, topicPrefix: string, effects: OutboxEffect[]): Promise<void> {
  for (const effect of effects) {
    if (effect.type === 'enqueue') await enqueue(sql, topicPrefix, effect.job);
    else await cancel(sql, topicPrefix, effect.cancellation);
  }
}

async function enqueue(sql: Sql, topicPrefix: string, job: NewOutboxJob): Promise<void> {
  await sql.query(
    `INSERT INTO sync_outbox (topic_prefix, instance_id, cycle_id, kind, triggered_at, due_at, deadline_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (topic_prefix, instance_id, cycle_id, kind) DO NOTHING`,
    [topicPrefix, job.instanceId, job.cycleId, job.kind, job.triggeredAt, job.dueAt, job.deadlineAt],
  );
}

async function cancel(sql: Sql, topicPrefix: string, cancellation: OutboxCancellation): Promise<void> {
  // Clearing the lease token also voids the result of a run in flight (its completion no longer matches).
  await sql.query(
    `UPDATE sync_outbox SET status = $6, lease_token = NULL, lease_until = NULL, finished_at = now(), updated_at = now()
     WHERE topic_prefix = $1 AND instance_id = $2 AND status = $7 AND kind = ANY($3::text[])
       AND ($4::text IS NULL OR cycle_id = $4) AND ($5::text IS NULL OR cycle_id <> $5)`,
    [
      topicPrefix,
      cancellation.instanceId,
      cancellation.kinds,
      cancellation.cycleId ?? null,
      cancellation.exceptCycleId ?? null,
      cancellation.status ?? OutboxJobStatus.Cancelled,
      OutboxJobStatus.Pending,
    ],
  );
}
