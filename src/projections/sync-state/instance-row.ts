import { HistorySyncSource, SnapshotOutcome, SnapshotTrigger } from '../../wsapi/payloads/service-events.dto';
import { deriveStatus, StatusFacts, SyncStatus } from './sync-status';

/** The flush states `instances.flush_status` takes: the decision is pending until an outcome comes back. */
export const FLUSH_PENDING = 'pending';

/** One row of `instances` (times as ISO-8601 UTC strings). */
export interface InstanceRow extends StatusFacts {
  instance_id: string;
  status: SyncStatus;
  device_id: string | null;
  /** How many sync cycles (logged_in, or an initial sync without one) this instance has had. */
  sync_cycle: number;
  /** The current cycle: the id of the logged_in event that started it. */
  cycle_id: string | null;
  logout_reason: string | null;
  login_error: string | null;
  history_sync: boolean | null;
  history_sync_source: HistorySyncSource | null;
  history_sync_resolved_at: string | null;
  event_filters: string[] | null;
  history_filter_warning: boolean;
  flush_requested_at: string | null;
  flush_attempts: number | null;
  flush_error: string | null;
  history_latest_event_at: string | null;
  history_events_received: number;
  history_chats_received: number;
  history_messages_received: number;
  initial_sync_ms: number | null;
  history_wait_ms: number | null;
  history_duration_ms: number | null;
  total_sync_ms: number | null;
  last_snapshot_at: string | null;
  /** The latest snapshot attempt (our snapshot_outcome events): taken, rejected or failed, and what asked for it. */
  snapshot_outcome: SnapshotOutcome | null;
  snapshot_trigger: SnapshotTrigger | null;
  snapshot_outcome_at: string | null;
  snapshot_error: string | null;
  /** WSAPI answered 401/404: the reconciler leaves it alone until a new cycle or a snapshot that works. */
  snapshot_blocked: boolean;
  last_event_at: string | null;
  /** SSE pull mode: how many disconnects, and the latest one (events in it may be missing). */
  sse_gaps: number;
  last_sse_gap_from: string | null;
  last_sse_gap_to: string | null;
  /** Backfill of older messages (our backfill_outcome events, per chat walk that ended): */
  backfill_pages: number;
  backfill_messages: number;
  /** The oldest message time any backfill of the instance reached. */
  backfill_oldest_at: string | null;
  /** Chats whose latest backfill walk stalled (a page never came, or WSAPI kept failing). */
  backfill_stalled_chats: number;
}

/** The current cycle's history, counted from the stored chunks. */
export interface HistoryProgress {
  events: number;
  chats: number;
  messages: number;
  firstAt: string | null;
  latestAt: string | null;
}

export const NO_HISTORY: HistoryProgress = { events: 0, chats: 0, messages: 0, firstAt: null, latestAt: null };

export function newInstanceRow(instanceId: string): InstanceRow {
  return {
    instance_id: instanceId,
    status: SyncStatus.Unknown,
    device_id: null,
    sync_cycle: 0,
    cycle_id: null,
    logged_in_at: null,
    initial_sync_finished_at: null,
    logged_out_at: null,
    logout_reason: null,
    login_error_at: null,
    login_error: null,
    history_sync: null,
    history_sync_source: null,
    history_sync_resolved_at: null,
    event_filters: null,
    history_filter_warning: false,
    flush_status: null,
    flush_requested_at: null,
    flush_attempts: null,
    flush_error: null,
    history_first_event_at: null,
    history_latest_event_at: null,
    history_events_received: 0,
    history_chats_received: 0,
    history_messages_received: 0,
    initial_sync_ms: null,
    history_wait_ms: null,
    history_duration_ms: null,
    total_sync_ms: null,
    last_snapshot_at: null,
    snapshot_outcome: null,
    snapshot_trigger: null,
    snapshot_outcome_at: null,
    snapshot_error: null,
    snapshot_blocked: false,
    last_event_at: null,
    sse_gaps: 0,
    last_sse_gap_from: null,
    last_sse_gap_to: null,
    backfill_pages: 0,
    backfill_messages: 0,
    backfill_oldest_at: null,
    backfill_stalled_chats: 0,
  };
}

/** The derived columns: history counts, phase durations and the status. */
export function finishRow(row: InstanceRow, history: HistoryProgress): InstanceRow {
  const withHistory: InstanceRow = {
    ...row,
    history_events_received: history.events,
    history_chats_received: history.chats,
    history_messages_received: history.messages,
    history_first_event_at: history.firstAt,
    history_latest_event_at: history.latestAt,
  };
  return {
    ...withHistory,
    initial_sync_ms: millisBetween(row.logged_in_at, row.initial_sync_finished_at),
    history_wait_ms: millisBetween(row.initial_sync_finished_at, history.firstAt),
    history_duration_ms: millisBetween(history.firstAt, history.latestAt),
    total_sync_ms: millisBetween(row.logged_in_at, history.latestAt ?? row.initial_sync_finished_at),
    status: deriveStatus(withHistory),
  };
}

function millisBetween(from: string | null, to: string | null): number | null {
  return from === null || to === null ? null : Date.parse(to) - Date.parse(from);
}
