import { historyFilteredOut } from '../../instance-settings/history-filter';
import { OutboxEffect, OutboxJobKind, NewOutboxJob } from '../../history-flush/outbox-job';
import { HistorySyncSettingDto } from '../../wsapi/payloads/service-events.dto';
import { FLUSH_PENDING, InstanceRow } from './instance-row';
import { SyncChange } from './sync-changes';

/** What the projection's decisions depend on besides the events (from AppConfig). */
export interface SyncJobPolicy {
  snapshotFallbackDelayMs: number;
  /** How long after it becomes due a job may still be retried (for the flush: WSAPI's cache window). */
  retryWindowMs: number;
  /** An account-level key is configured: read the real setting from WSAPI when a cycle starts. */
  readSettingsFromWsapi: boolean;
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
export function transition(row: InstanceRow, change: SyncChange, policy: SyncJobPolicy): Transition {
  switch (change.type) {
    case 'logged_in':
      return loggedIn(touch(row, change.at), change, policy);
    case 'initial_sync_finished':
      return initialSyncFinished(touch(row, change.at), change, policy);
    case 'logged_out':
      if (isBeforeCycle(row, change.at)) return unchanged(touch(row, change.at));
      return {
        row: { ...touch(row, change.at), logged_out_at: change.at, logout_reason: change.reason },
        effects: [cancel(change.instanceId, [OutboxJobKind.SnapshotFallback, OutboxJobKind.ReadSettings])],
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
      return unchanged(touch(row, change.at)); // counts are recomputed from the stored chunks
    case 'snapshot':
      return unchanged({ ...row, last_snapshot_at: latest(row.last_snapshot_at, change.at) });
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
function loggedIn(row: InstanceRow, change: Extract<SyncChange, { type: 'logged_in' }>, policy: SyncJobPolicy): Transition {
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
  };
  const fallbackDue = plus(change.at, policy.snapshotFallbackDelayMs);
  const effects: OutboxEffect[] = [
    cancel(change.instanceId, [OutboxJobKind.SnapshotFallback, OutboxJobKind.ReadSettings, OutboxJobKind.FlushHistory], { exceptCycleId: change.cycleId }),
    enqueue({ kind: OutboxJobKind.SnapshotFallback, instanceId: change.instanceId, cycleId: change.cycleId, triggeredAt: change.at, dueAt: fallbackDue, deadlineAt: plus(fallbackDue, policy.retryWindowMs) }),
  ];
  if (policy.readSettingsFromWsapi) {
    effects.push(enqueue({ kind: OutboxJobKind.ReadSettings, instanceId: change.instanceId, cycleId: change.cycleId, triggeredAt: change.at, dueAt: change.at, deadlineAt: plus(change.at, policy.retryWindowMs) }));
  }
  return { row: next, effects };
}

/**
 * The first initial_sync_finished of a cycle decides the flush (the dispatcher checks HistorySync
 * when it runs) and the snapshot, and makes the fallback snapshot unnecessary. Duplicates and
 * events of an earlier cycle change nothing.
 */
function initialSyncFinished(row: InstanceRow, change: Extract<SyncChange, { type: 'initial_sync_finished' }>, policy: SyncJobPolicy): Transition {
  if (isBeforeCycle(row, change.at)) return unchanged(row);
  if (row.cycle_id !== null && row.initial_sync_finished_at !== null) return unchanged(row);
  const implicit = row.cycle_id === null;
  const cycleId = row.cycle_id ?? change.implicitCycleId;
  const next: InstanceRow = {
    ...row,
    sync_cycle: implicit ? row.sync_cycle + 1 : row.sync_cycle,
    cycle_id: cycleId,
    initial_sync_finished_at: change.at,
  };
  // A logged-out device cannot be flushed or snapshotted (WSAPI answers "not paired").
  if (row.logged_out_at !== null) return unchanged(next);
  const job = (kind: OutboxJobKind) => enqueue({ kind, instanceId: change.instanceId, cycleId, triggeredAt: change.at, dueAt: change.at, deadlineAt: plus(change.at, policy.retryWindowMs) });
  return {
    row: { ...next, flush_status: FLUSH_PENDING, flush_error: null },
    effects: [
      job(OutboxJobKind.FlushHistory),
      job(OutboxJobKind.Snapshot),
      cancel(change.instanceId, [OutboxJobKind.SnapshotFallback], { cycleId }),
    ],
  };
}

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

function cancel(instanceId: string, kinds: OutboxJobKind[], scope: { cycleId?: string; exceptCycleId?: string } = {}): OutboxEffect {
  return { type: 'cancel', cancellation: { instanceId, kinds, ...scope } };
}
