/** What an outbox row asks the dispatcher to do. */
export enum OutboxJobKind {
  /** POST /session/flush-history, or record that it is not needed (HistorySync off). */
  FlushHistory = 'flush_history',
  /** Contacts/chats/groups snapshot after initial_sync_finished. */
  Snapshot = 'snapshot',
  /** Snapshot a while after logged_in, cancelled when initial_sync_finished comes first. */
  SnapshotFallback = 'snapshot_fallback',
  /** Resolve the instance's HistorySync setting at the start of a cycle (WSAPI's account API, else admin/default) and publish it. */
  ReadSettings = 'read_settings',
  /** Snapshot of an instance first seen without any cycle or snapshot, SNAPSHOT_BOOTSTRAP_DELAY_MS later. */
  SnapshotBootstrap = 'snapshot_bootstrap',
  /** The periodic re-snapshot (cycle id `reconcile:<period>`). */
  SnapshotReconcile = 'snapshot_reconcile',
}

/** Kinds that take a snapshot: they share the SNAPSHOT_MAX_CONCURRENCY cap. */
export const SNAPSHOT_KINDS: readonly OutboxJobKind[] = [
  OutboxJobKind.Snapshot,
  OutboxJobKind.SnapshotFallback,
  OutboxJobKind.SnapshotBootstrap,
  OutboxJobKind.SnapshotReconcile,
];

export enum OutboxJobStatus {
  Pending = 'pending',
  Done = 'done',
  Failed = 'failed',
  Cancelled = 'cancelled',
  /** Not run, by rule: a flush found after WSAPI's cache window (late). */
  Skipped = 'skipped',
  /** Dropped because its cycle is no longer the instance's current one (a newer logged_in, a snapshot meanwhile). */
  Superseded = 'superseded',
}

/** A job the sync-state projection decided on, written in the transaction that moves its offsets. */
export interface NewOutboxJob {
  kind: OutboxJobKind;
  instanceId: string;
  cycleId: string;
  /** The event time that caused the job (ISO-8601). */
  triggeredAt: string;
  /** Not before (ISO-8601): from the clock at which the projection decided it, never the event time. */
  dueAt: string;
  /** Give up when this passes (ISO-8601): retries never run on forever. */
  deadlineAt: string;
}

/** Pending jobs that no longer make sense (superseded cycle, initial sync came first, logged out). */
export interface OutboxCancellation {
  instanceId: string;
  kinds: OutboxJobKind[];
  /** Only this cycle's jobs… */
  cycleId?: string;
  /** …or every cycle's but this one. */
  exceptCycleId?: string;
  /** `superseded` when a newer cycle replaces them, else `cancelled` (no longer needed in the same cycle). */
  status?: OutboxJobStatus.Cancelled | OutboxJobStatus.Superseded;
}

export type OutboxEffect = { type: 'enqueue'; job: NewOutboxJob } | { type: 'cancel'; cancellation: OutboxCancellation };

/** A job the dispatcher claimed (leased) to run now. */
export interface OutboxJob {
  id: string;
  kind: OutboxJobKind;
  instanceId: string;
  cycleId: string;
  /** Attempts so far, this one included. */
  attempts: number;
  triggeredAt: Date;
  deadlineAt: Date;
  leaseToken: string;
}
