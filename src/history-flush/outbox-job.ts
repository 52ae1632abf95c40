/** What an outbox row asks the dispatcher to do. */
export enum OutboxJobKind {
  /** POST /session/flush-history, or record that it is not needed (HistorySync off). */
  FlushHistory = 'flush_history',
  /** Contacts/chats/groups snapshot after initial_sync_finished. */
  Snapshot = 'snapshot',
  /** Snapshot a while after logged_in, cancelled when initial_sync_finished comes first. */
  SnapshotFallback = 'snapshot_fallback',
  /** Read the instance's HistorySync setting from WSAPI's account API at the start of a cycle. */
  ReadSettings = 'read_settings',
}

export enum OutboxJobStatus {
  Pending = 'pending',
  Done = 'done',
  Failed = 'failed',
  Cancelled = 'cancelled',
}

/** A job the sync-state projection decided on, written in the transaction that moves its offsets. */
export interface NewOutboxJob {
  kind: OutboxJobKind;
  instanceId: string;
  cycleId: string;
  /** The event time that caused the job (ISO-8601). */
  triggeredAt: string;
  /** Not before (ISO-8601). */
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
