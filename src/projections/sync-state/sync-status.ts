import { FlushOutcome } from '../../wsapi/payloads/service-events.dto';

/**
 * Where an instance stands in its sync cycle (docs/sync-state.md has the diagram):
 *
 *   logged_in ─▶ syncing ─initial_sync_finished─▶ synced ─flush accepted─▶ history_requested
 *                                                                  ─first history event─▶ history_syncing
 *   any state ─logged_out─▶ logged_out        any state ─login_error─▶ login_error
 *   logged_out / login_error ─logged_in─▶ syncing (a new cycle)
 */
export enum SyncStatus {
  /** Only history or snapshots seen so far, no session event. */
  Unknown = 'unknown',
  Syncing = 'syncing',
  Synced = 'synced',
  HistoryRequested = 'history_requested',
  HistorySyncing = 'history_syncing',
  LoggedOut = 'logged_out',
  LoginError = 'login_error',
}

/** The facts the status is derived from. */
export interface StatusFacts {
  logged_in_at: string | null;
  initial_sync_finished_at: string | null;
  logged_out_at: string | null;
  login_error_at: string | null;
  flush_status: string | null;
  history_first_event_at: string | null;
}

/**
 * The status follows from the row's facts rather than from the order events were applied in, so
 * a rebuild that reads the session and history topics interleaved differently ends in the same
 * status. A logged_in clears the logout and login-error facts, so any still set belong to the
 * current cycle.
 */
export function deriveStatus(facts: StatusFacts): SyncStatus {
  if (facts.logged_out_at !== null && (facts.login_error_at === null || facts.logged_out_at >= facts.login_error_at)) return SyncStatus.LoggedOut;
  if (facts.login_error_at !== null) return SyncStatus.LoginError;
  if (facts.history_first_event_at !== null) return SyncStatus.HistorySyncing;
  if (facts.flush_status === FlushOutcome.Accepted) return SyncStatus.HistoryRequested;
  if (facts.initial_sync_finished_at !== null) return SyncStatus.Synced;
  if (facts.logged_in_at !== null) return SyncStatus.Syncing;
  return SyncStatus.Unknown;
}
