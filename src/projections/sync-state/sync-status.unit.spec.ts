import { deriveStatus, StatusFacts, SyncStatus } from './sync-status';

const none: StatusFacts = {
  logged_in_at: null,
  initial_sync_finished_at: null,
  logged_out_at: null,
  login_error_at: null,
  flush_status: null,
  history_first_event_at: null,
};
const T = (second: number) => `2026-03-01T10:00:${String(second).padStart(2, '0')}.000Z`;

describe('deriveStatus', () => {
  it.each<[string, Partial<StatusFacts>, SyncStatus]>([
    ['nothing but history or snapshots', {}, SyncStatus.Unknown],
    ['logged in', { logged_in_at: T(0) }, SyncStatus.Syncing],
    ['initial sync finished', { logged_in_at: T(0), initial_sync_finished_at: T(5) }, SyncStatus.Synced],
    ['flush pending', { logged_in_at: T(0), initial_sync_finished_at: T(5), flush_status: 'pending' }, SyncStatus.Synced],
    ['flush not needed', { logged_in_at: T(0), initial_sync_finished_at: T(5), flush_status: 'not_needed' }, SyncStatus.Synced],
    ['flush failed', { logged_in_at: T(0), initial_sync_finished_at: T(5), flush_status: 'failed' }, SyncStatus.Synced],
    ['flush accepted', { logged_in_at: T(0), initial_sync_finished_at: T(5), flush_status: 'accepted' }, SyncStatus.HistoryRequested],
    ['history arriving', { logged_in_at: T(0), initial_sync_finished_at: T(5), flush_status: 'accepted', history_first_event_at: T(7) }, SyncStatus.HistorySyncing],
    ['logged out mid-sync', { logged_in_at: T(0), initial_sync_finished_at: T(5), logged_out_at: T(9) }, SyncStatus.LoggedOut],
    ['login error', { login_error_at: T(1) }, SyncStatus.LoginError],
    ['logged out after a login error', { login_error_at: T(1), logged_out_at: T(2) }, SyncStatus.LoggedOut],
    ['login error after a logout', { logged_out_at: T(1), login_error_at: T(2) }, SyncStatus.LoginError],
  ])('%s → %s', (_, facts, expected) => {
    expect(deriveStatus({ ...none, ...facts })).toBe(expected);
  });
});
