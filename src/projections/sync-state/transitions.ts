import { historyFilteredOut } from '../../instance-settings/history-filter';
import { NewOutboxJob, OutboxCancellation, OutboxEffect, OutboxJobKind, OutboxJobStatus } from '../../outbox/outbox-job';
import { HistorySyncSettingDto, SnapshotOutcome, SnapshotOutcomeEventDto } from '../../wsapi/payloads/service-events.dto';
import { FLUSH_PENDING, InstanceRow } from './instance-row';
import { SyncChange } from './sync-changes';

/** What the projection's decisions depend on besides the events (from AppConfig). */
export interface SyncJobPolicy {
  snapshotFallbackDelayMs: number;
  snapshotBootstrapDelayMs: number;
  /** Retry budget of snapshot and read-settings jobs, from when they were decided. */
  snapshotRetryWindowMs: number;
  /** WSAPI's history cache window for the flush, from initial_sync_finished's event time. */
  flushRetryWindowMs: number;
}

/**
 * When the projection decides (the wall clock at apply time, ISO-8601). Only the outbox effects
 * use it — rows never do, so a replay (which writes no effects) reproduces `instances` exactly.
 */
export interface DecisionClock {
  decidedAt: string;
}

export interface Transition {
  row: InstanceRow;
  /** Jobs to queue or cancel; the projection writes them to the outbox unless it is replaying. */
  effects: OutboxEffect[];
}

const unchanged = (row: InstanceRow): Transition => ({ row, effects: [] });

/**
 * One change applied to one instance's row. Pure: the same row and change always give the same
 * result, which is what lets a rebuild reproduce `instances` from the topics.
 */
export function transition(row: InstanceRow, change: SyncChange, policy: SyncJobPolicy, clock: DecisionClock): Transition {
  const jobs = new JobPlanner(change.instanceId, change.at, policy, clock.decidedAt);
  switch (change.type) {
    case 'logged_in':
      return loggedIn(touch(row, change.at), change, jobs);
    case 'initial_sync_finished':
      return initialSyncFinished(touch(row, change.at), change, jobs);
    case 'logged_out':
      if (isBeforeCycle(row, change.at)) return unchanged(touch(row, change.at));
      return {
        row: { ...touch(row, change.at), logged_out_at: change.at, logout_reason: change.reason },
        effects: [cancel(change.instanceId, [OutboxJobKind.SnapshotFallback, OutboxJobKind.ReadSettings, OutboxJobKind.SnapshotBootstrap])],
      };
    case 'login_error':
      if (isBeforeCycle(row, change.at)) return unchanged(touch(row, change.at));
      return unchanged({ ...touch(row, change.at), login_error_at: change.at, login_error: change.error });
    case 'instance_settings':
      return unchanged(withSetting(row, change.setting, change.at));
    case 'history_flush_outcome': {
      const { outcome } = change;
      const settled = outcome.setting ? withSetting(row, outcome.setting, change.at) : row;
      // An outcome of an earlier cycle says nothing about the current one.
      if (outcome.cycleId !== row.cycle_id) return unchanged(settled);
      return unchanged({
        ...settled,
        flush_status: outcome.outcome,
        flush_error: outcome.error ?? null,
        flush_attempts: outcome.attempts,
        flush_requested_at: outcome.calledAt ?? settled.flush_requested_at,
      });
    }
    case 'history_chunk':
      return bootstrap(touch(row, change.at), jobs); // counts are recomputed from the stored chunks
    case 'backfill_outcome':
      return unchanged(row); // totals are recomputed from the stored outcomes (backfill-totals.ts)
    case 'seen':
      return bootstrap(row, jobs);
    case 'snapshot':
      return unchanged({ ...row, last_snapshot_at: latest(row.last_snapshot_at, change.at) });
    case 'snapshot_outcome':
      return unchanged(withSnapshotOutcome(row, change.outcome, change.at));
    case 'sse_gap':
      return unchanged({
        ...row,
        sse_gaps: row.sse_gaps + 1,
        last_sse_gap_from: change.disconnectedAt,
        last_sse_gap_to: change.reconnectedAt,
      });
  }
}

/** Each new logged_in starts a new cycle; a redelivered one (same event id) does not. */
function loggedIn(row: InstanceRow, change: Extract<SyncChange, { type: 'logged_in' }>, jobs: JobPlanner): Transition {
  if (row.cycle_id === change.cycleId || isBeforeCycle(row, change.at)) return unchanged(row);
  const next: InstanceRow = {
    ...row,
    sync_cycle: row.sync_cycle + 1,
    cycle_id: change.cycleId,
    device_id: change.deviceId,
    logged_in_at: change.at,
    initial_sync_finished_at: null,
    logged_out_at: null,
    logout_reason: null,
    login_error_at: null,
    login_error: null,
    flush_status: null,
    flush_requested_at: null,
    flush_attempts: null,
    flush_error: null,
    snapshot_blocked: false, // a new pairing: WSAPI may answer again
  };
  return {
    row: next,
    effects: [
      supersedeOtherCycles(change.instanceId, change.cycleId),
      jobs.due(OutboxJobKind.SnapshotFallback, change.cycleId, jobs.policy.snapshotFallbackDelayMs),
      // Always: with an account key it reads WSAPI, without one it publishes admin/default at once.
      jobs.due(OutboxJobKind.ReadSettings, change.cycleId),
    ],
  };
}

/**
 * The first initial_sync_finished of a cycle decides the flush (the dispatcher checks HistorySync
 * and the window when it runs) and the snapshot, and makes the fallback snapshot unnecessary.
 * Duplicates and events of an earlier cycle change nothing.
 */
function initialSyncFinished(row: InstanceRow, change: Extract<SyncChange, { type: 'initial_sync_finished' }>, jobs: JobPlanner): Transition {
  if (isBeforeCycle(row, change.at)) return unchanged(row);
  if (row.cycle_id !== null && row.initial_sync_finished_at !== null) return unchanged(row);
  const implicit = row.cycle_id === null;
  const cycleId = row.cycle_id ?? change.implicitCycleId;
  const next: InstanceRow = {
    ...row,
    sync_cycle: implicit ? row.sync_cycle + 1 : row.sync_cycle,
    cycle_id: cycleId,
    initial_sync_finished_at: change.at,
    snapshot_blocked: implicit ? false : row.snapshot_blocked, // a cycle of its own is a new cycle too
  };
  // A logged-out device cannot be flushed or snapshotted (WSAPI answers "not paired").
  if (row.logged_out_at !== null) return unchanged(next);
  const effects: OutboxEffect[] = implicit
    ? [supersedeOtherCycles(change.instanceId, cycleId), jobs.due(OutboxJobKind.ReadSettings, cycleId)]
    : [cancel(change.instanceId, [OutboxJobKind.SnapshotFallback], { cycleId })];
  return {
    row: { ...next, flush_status: FLUSH_PENDING, flush_error: null },
    effects: [...effects, jobs.flush(cycleId), jobs.due(OutboxJobKind.Snapshot, cycleId)],
  };
}

/**
 * An instance seen without any cycle, snapshot or logout (paired before we were deployed, or
 * discovered through the account API) gets one snapshot after SNAPSHOT_BOOTSTRAP_DELAY_MS. The
 * outbox key (…, `bootstrap:<sync_cycle>`, kind) makes it once; a cycle starting meanwhile takes over.
 */
function bootstrap(row: InstanceRow, jobs: JobPlanner): Transition {
  const eligible = row.cycle_id === null && row.last_snapshot_at === null && row.logged_out_at === null && !row.snapshot_blocked;
  if (!eligible) return unchanged(row);
  return { row, effects: [jobs.due(OutboxJobKind.SnapshotBootstrap, bootstrapCycleId(row), jobs.policy.snapshotBootstrapDelayMs)] };
}

/** The cycle id of an instance's bootstrap snapshot: once per instance until its next cycle. */
function bootstrapCycleId(row: Pick<InstanceRow, 'sync_cycle'>): string {
  return `bootstrap:${row.sync_cycle}`;
}

function withSnapshotOutcome(row: InstanceRow, outcome: SnapshotOutcomeEventDto, at: string): InstanceRow {
  const taken = outcome.outcome === SnapshotOutcome.Taken;
  const refused = outcome.outcome === SnapshotOutcome.Rejected && (outcome.status === 401 || outcome.status === 404);
  return {
    ...row,
    snapshot_outcome: outcome.outcome,
    snapshot_trigger: outcome.trigger,
    snapshot_outcome_at: at,
    snapshot_error: outcome.error ?? null,
    snapshot_blocked: taken ? false : refused || row.snapshot_blocked,
  };
}

/**
 * Due and deadline times of the jobs one change decides. Due = when decided (plus a delay): an
 * event stamped late or in the future changes nothing. Snapshot and settings jobs retry for
 * SNAPSHOT_RETRY_WINDOW_MS from then; only the flush keeps WSAPI's window from the event time.
 */
class JobPlanner {
  constructor(
    private readonly instanceId: string,
    private readonly eventAt: string,
    readonly policy: SyncJobPolicy,
    private readonly decidedAt: string,
  ) {}

  /** A snapshot or settings job: due `delayMs` after the decision, retried for SNAPSHOT_RETRY_WINDOW_MS from then. */
  due(kind: OutboxJobKind, cycleId: string, delayMs = 0): OutboxEffect {
    const dueAt = plus(this.decidedAt, delayMs);
    return this.job(kind, cycleId, dueAt, plus(dueAt, this.policy.snapshotRetryWindowMs));
  }

  /** May be due after its deadline: the dispatcher then records it as skipped (late). */
  flush(cycleId: string): OutboxEffect {
    return this.job(OutboxJobKind.FlushHistory, cycleId, this.decidedAt, plus(this.eventAt, this.policy.flushRetryWindowMs));
  }

  private job(kind: OutboxJobKind, cycleId: string, dueAt: string, deadlineAt: string): OutboxEffect {
    return enqueue({ kind, instanceId: this.instanceId, cycleId, triggeredAt: this.eventAt, dueAt, deadlineAt });
  }
}

/** A newer cycle makes every pending job of older ones (and a pending bootstrap) pointless. */
function supersedeOtherCycles(instanceId: string, cycleId: string): OutboxEffect {
  return cancel(instanceId, CYCLE_KINDS, { exceptCycleId: cycleId, status: OutboxJobStatus.Superseded });
}

const CYCLE_KINDS = [
  OutboxJobKind.SnapshotFallback,
  OutboxJobKind.ReadSettings,
  OutboxJobKind.FlushHistory,
  OutboxJobKind.Snapshot,
  OutboxJobKind.SnapshotBootstrap,
];

function withSetting(row: InstanceRow, setting: HistorySyncSettingDto, at: string): InstanceRow {
  const eventFilters = setting.eventFilters ?? null;
  return {
    ...row,
    history_sync: setting.historySync,
    history_sync_source: setting.source,
    history_sync_resolved_at: at,
    event_filters: eventFilters,
    history_filter_warning: historyFilteredOut(setting.historySync, eventFilters),
  };
}

/** A session event older than the current cycle's logged_in was delivered late: it belongs to an earlier cycle. */
function isBeforeCycle(row: InstanceRow, at: string): boolean {
  return row.logged_in_at !== null && at < row.logged_in_at;
}

/** Records that WSAPI sent something for the instance. */
function touch(row: InstanceRow, at: string): InstanceRow {
  return { ...row, last_event_at: latest(row.last_event_at, at) };
}

function latest(current: string | null, candidate: string): string {
  return current === null || candidate > current ? candidate : current;
}

function plus(iso: string, ms: number): string {
  return new Date(Date.parse(iso) + ms).toISOString();
}

function enqueue(job: NewOutboxJob): OutboxEffect {
  return { type: 'enqueue', job };
}

function cancel(instanceId: string, kinds: OutboxJobKind[], scope: Omit<OutboxCancellation, 'instanceId' | 'kinds'> = {}): OutboxEffect {
  return { type: 'cancel', cancellation: { instanceId, kinds, ...scope } };
}
