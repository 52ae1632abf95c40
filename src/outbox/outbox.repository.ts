import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { SqlExecutor } from '../database/sql-executor';
import { InstanceState } from './superseded';
import { OutboxJob, OutboxJobKind, OutboxJobStatus } from './outbox-job';

/** Longer than WsapiClient's 30 s request timeout plus a snapshot's publish, so a live run keeps its job. */
export const OUTBOX_LEASE_MS = 90_000;

/** A finished job whose outcome event has been waiting this long is re-published by the sweep. */
const UNPUBLISHED_GRACE_MS = 5_000;

export interface JobCompletion {
  status: OutboxJobStatus.Done | OutboxJobStatus.Failed | OutboxJobStatus.Skipped | OutboxJobStatus.Superseded;
  error?: string;
  /** The outcome event's exact bytes, published after this is stored. */
  outcomeEvent?: string;
}

export interface UnpublishedOutcome {
  id: string;
  outcomeEvent: string;
}

interface JobRow {
  id: string;
  kind: OutboxJobKind;
  instance_id: string;
  cycle_id: string;
  attempts: number;
  triggered_at: Date;
  deadline_at: Date;
  lease_token: string;
}

/** The dispatcher's side of the sync_outbox table. */
@Injectable()
export class OutboxRepository {
  constructor(private readonly sql: SqlExecutor) {}

  /**
   * Leases up to `limit` due jobs. SKIP LOCKED and the lease keep two replicas from running the
   * same job; a replica that dies mid-run loses its lease after OUTBOX_LEASE_MS and the job runs again.
   */
  async claimDue(topicPrefix: string, limit: number, kinds: readonly OutboxJobKind[]): Promise<OutboxJob[]> {
    const leaseToken = randomUUID();
    const rows = await this.sql.query<JobRow>(
      `WITH due AS (
         SELECT id FROM sync_outbox
         WHERE topic_prefix = $1 AND status = $2 AND due_at <= now() AND (lease_until IS NULL OR lease_until < now()) AND kind = ANY($6::text[])
         ORDER BY due_at LIMIT $3
         FOR UPDATE SKIP LOCKED)
       UPDATE sync_outbox o SET lease_token = $4, lease_until = now() + $5 * interval '1 millisecond', attempts = o.attempts + 1, updated_at = now()
       FROM due WHERE o.id = due.id
       RETURNING o.id, o.kind, o.instance_id, o.cycle_id, o.attempts, o.triggered_at, o.deadline_at, o.lease_token`,
      [topicPrefix, OutboxJobStatus.Pending, limit, leaseToken, OUTBOX_LEASE_MS, kinds],
    );
    return rows.map((row) => ({
      id: String(row.id),
      kind: row.kind,
      instanceId: row.instance_id,
      cycleId: row.cycle_id,
      attempts: row.attempts,
      triggeredAt: row.triggered_at,
      deadlineAt: row.deadline_at,
      leaseToken: row.lease_token,
    }));
  }

  /** Records the end of a run; false when the lease was lost meanwhile (cancelled or re-claimed). */
  async complete(job: OutboxJob, completion: JobCompletion): Promise<boolean> {
    const rows = await this.sql.query(
      `UPDATE sync_outbox SET status = $3, last_error = $4, outcome_event = $5, finished_at = now(),
         lease_token = NULL, lease_until = NULL, updated_at = now()
       WHERE id = $1 AND lease_token = $2 RETURNING id`,
      [job.id, job.leaseToken, completion.status, completion.error ?? null, completion.outcomeEvent ?? null],
    );
    return rows.length > 0;
  }

  async reschedule(job: OutboxJob, dueAt: Date, error: string): Promise<void> {
    await this.sql.query(
      `UPDATE sync_outbox SET due_at = $3, last_error = $4, lease_token = NULL, lease_until = NULL, updated_at = now()
       WHERE id = $1 AND lease_token = $2`,
      [job.id, job.leaseToken, dueAt, error],
    );
  }

  async markPublished(id: string): Promise<void> {
    await this.sql.query('UPDATE sync_outbox SET published_at = now(), updated_at = now() WHERE id = $1', [id]);
  }

  /** Outcomes stored but not (known to be) published: the process died or Kafka failed in between. */
  async unpublished(topicPrefix: string, limit: number): Promise<UnpublishedOutcome[]> {
    const rows = await this.sql.query<{ id: string; outcome_event: string }>(
      `SELECT id, outcome_event FROM sync_outbox
       WHERE topic_prefix = $1 AND outcome_event IS NOT NULL AND published_at IS NULL
         AND finished_at < now() - $2 * interval '1 millisecond'
       ORDER BY finished_at LIMIT $3`,
      [topicPrefix, UNPUBLISHED_GRACE_MS, limit],
    );
    return rows.map((row) => ({ id: String(row.id), outcomeEvent: row.outcome_event }));
  }

  /** What the dispatcher checks before running a job: is its cycle still the instance's current one? */
  async instanceState(instanceId: string): Promise<InstanceState | undefined> {
    const [row] = await this.sql.query<{ cycle_id: string | null; sync_cycle: number; last_snapshot_at: Date | null; logged_out_at: Date | null; snapshot_blocked: boolean }>(
      'SELECT cycle_id, sync_cycle, last_snapshot_at, logged_out_at, snapshot_blocked FROM instances WHERE instance_id = $1',
      [instanceId],
    );
    if (!row) return undefined;
    return { cycleId: row.cycle_id, syncCycle: row.sync_cycle, hasSnapshot: row.last_snapshot_at !== null, loggedOut: row.logged_out_at !== null, snapshotBlocked: row.snapshot_blocked };
  }

  /** The latest jobs of an instance, newest first (admin view). */
  async listForInstance(instanceId: string, limit = 20): Promise<Record<string, unknown>[]> {
    return this.sql.query(
      `SELECT id, topic_prefix, cycle_id, kind, status, attempts, triggered_at, due_at, deadline_at, last_error,
              finished_at, published_at, created_at
       FROM sync_outbox WHERE instance_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`,
      [instanceId, limit],
    );
  }
}
