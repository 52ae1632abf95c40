import { OutboxJobKind } from '../../outbox/outbox-job';
import { finishRow, InstanceRow, newInstanceRow, NO_HISTORY } from './instance-row';
import { SyncChange } from './sync-changes';
import { SyncStatus } from './sync-status';
import { SyncJobPolicy, Transition, transition } from './transitions';

const ID = 'ins_a';
const policy: SyncJobPolicy = { snapshotFallbackDelayMs: 60_000, snapshotBootstrapDelayMs: 30_000, snapshotRetryWindowMs: 6_000_000, flushRetryWindowMs: 3_000_000 };
const T = (second: number) => new Date(Date.UTC(2026, 2, 1, 10, 0, second)).toISOString();
const plus = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();
/** The projection's wall clock: three hours after the events, as when consumers were far behind. */
const DECIDED = T(0).replace('T10:', 'T13:');
const clock = { decidedAt: DECIDED };

type ChangeOf<K extends SyncChange['type']> = Omit<Extract<SyncChange, { type: K }>, 'instanceId' | 'type' | 'at'>;
const loggedIn = (at: string, cycleId = `evt_${at}`, more: Partial<ChangeOf<'logged_in'>> = {}): SyncChange => ({ instanceId: ID, at, type: 'logged_in', deviceId: '1555:4@s.whatsapp.net', cycleId, ...more });
const initialSyncFinished = (at: string): SyncChange => ({ instanceId: ID, at, type: 'initial_sync_finished', implicitCycleId: `isf:evt_${at}` });
const loggedOut = (at: string): SyncChange => ({ instanceId: ID, at, type: 'logged_out', reason: 'user_logged_out' });
const outcome = (cycleId: string, fields: Partial<ChangeOf<'history_flush_outcome'>['outcome']> = {}): SyncChange => ({
  instanceId: ID,
  at: T(50),
  type: 'history_flush_outcome',
  outcome: { cycleId, outcome: 'accepted' as never, attempts: 1, calledAt: T(49), error: null, setting: { historySync: true, source: 'admin' as never, eventFilters: null }, ...fields },
});

/** Applies changes in order, like the projection does within a batch. */
function run(changes: SyncChange[], start: InstanceRow = newInstanceRow(ID), withClock = clock): Transition {
  let row = start;
  const effects: Transition['effects'] = [];
  for (const change of changes) {
    const result = transition(row, change, policy, withClock);
    row = result.row;
    effects.push(...result.effects);
  }
  return { row: finishRow(row, NO_HISTORY), effects };
}

describe('sync-state transitions', () => {
  it('logged_in starts a cycle: older cycles superseded, fallback snapshot and settings due from the decision clock', () => {
    const { row, effects } = run([loggedIn(T(0), 'evt_login')]);
    expect(row).toMatchObject({ status: SyncStatus.Syncing, sync_cycle: 1, cycle_id: 'evt_login', device_id: '1555:4@s.whatsapp.net', logged_in_at: T(0), last_event_at: T(0) });
    const fallbackDue = plus(DECIDED, 60_000);
    expect(effects).toEqual([
      {
        type: 'cancel',
        cancellation: {
          instanceId: ID,
          kinds: [OutboxJobKind.SnapshotFallback, OutboxJobKind.ReadSettings, OutboxJobKind.FlushHistory, OutboxJobKind.Snapshot, OutboxJobKind.SnapshotBootstrap],
          exceptCycleId: 'evt_login',
          status: 'superseded',
        },
      },
      { type: 'enqueue', job: { kind: OutboxJobKind.SnapshotFallback, instanceId: ID, cycleId: 'evt_login', triggeredAt: T(0), dueAt: fallbackDue, deadlineAt: plus(fallbackDue, 6_000_000) } },
      { type: 'enqueue', job: { kind: OutboxJobKind.ReadSettings, instanceId: ID, cycleId: 'evt_login', triggeredAt: T(0), dueAt: DECIDED, deadlineAt: plus(DECIDED, 6_000_000) } },
    ]);
  });

  it('the rows never depend on the decision clock, only the jobs do', () => {
    const changes = [loggedIn(T(0), 'evt_login'), initialSyncFinished(T(30))];
    const late = run(changes);
    const onTime = run(changes, undefined, { decidedAt: T(31) });
    expect(late.row).toEqual(onTime.row);
    expect(late.effects).not.toEqual(onTime.effects);
  });

  it('initial_sync_finished decides flush and snapshot due now; only the flush keeps the window from the event time', () => {
    const { row, effects } = run([loggedIn(T(0), 'evt_login'), initialSyncFinished(T(30))]);
    expect(row).toMatchObject({ status: SyncStatus.Synced, initial_sync_finished_at: T(30), flush_status: 'pending', initial_sync_ms: 30_000 });
    expect(effects.slice(3)).toEqual([
      { type: 'cancel', cancellation: { instanceId: ID, kinds: [OutboxJobKind.SnapshotFallback], cycleId: 'evt_login' } },
      { type: 'enqueue', job: { kind: OutboxJobKind.FlushHistory, instanceId: ID, cycleId: 'evt_login', triggeredAt: T(30), dueAt: DECIDED, deadlineAt: plus(T(30), 3_000_000) } },
      { type: 'enqueue', job: { kind: OutboxJobKind.Snapshot, instanceId: ID, cycleId: 'evt_login', triggeredAt: T(30), dueAt: DECIDED, deadlineAt: plus(DECIDED, 6_000_000) } },
    ]);
  });

  it('an event stamped in the future is due when decided, not at its stamp', () => {
    const future = T(0).replace('T10:', 'T14:');
    const { effects } = run([initialSyncFinished(future)]);
    const snapshot = effects.find((effect) => effect.type === 'enqueue' && effect.job.kind === OutboxJobKind.Snapshot);
    expect(snapshot).toMatchObject({ job: { dueAt: DECIDED } });
  });

  it('an instance seen without any cycle or snapshot gets one bootstrap snapshot after the delay; not once it has a cycle', () => {
    const seen: SyncChange = { instanceId: ID, at: T(1), type: 'seen' };
    const due = plus(DECIDED, 30_000);
    expect(run([seen]).effects).toEqual([
      { type: 'enqueue', job: { kind: OutboxJobKind.SnapshotBootstrap, instanceId: ID, cycleId: 'bootstrap:0', triggeredAt: T(1), dueAt: due, deadlineAt: plus(due, 6_000_000) } },
    ]);
    expect(run([seen]).row).toEqual(run([]).row);
    expect(run([loggedIn(T(0)), seen]).effects.filter((effect) => effect.type === 'enqueue' && effect.job.kind === OutboxJobKind.SnapshotBootstrap)).toEqual([]);
    expect(run([{ instanceId: ID, at: T(0), type: 'snapshot' }, seen]).effects).toEqual([]);
  });

  it('records snapshot outcomes: a 401/404 blocks reconciling until a snapshot works or a new cycle starts', () => {
    const outcomeOf = (outcome: string, status: number | null = null): SyncChange => ({ instanceId: ID, at: T(5), type: 'snapshot_outcome', outcome: { trigger: 'reconcile' as never, outcome: outcome as never, status, error: status ? `answered ${status}` : null } });
    const refused = run([outcomeOf('rejected', 401)]).row;
    expect(refused).toMatchObject({ snapshot_outcome: 'rejected', snapshot_trigger: 'reconcile', snapshot_outcome_at: T(5), snapshot_error: 'answered 401', snapshot_blocked: true });
    expect(run([outcomeOf('failed')], refused).row.snapshot_blocked).toBe(true);
    expect(run([outcomeOf('taken')], refused).row).toMatchObject({ snapshot_blocked: false, snapshot_error: null });
    expect(run([loggedIn(T(6))], refused).row.snapshot_blocked).toBe(false);
    expect(run([outcomeOf('rejected', 400)]).row.snapshot_blocked).toBe(false);
  });

  it('ignores a duplicated initial_sync_finished and a redelivered logged_in', () => {
    const first = run([loggedIn(T(0), 'evt_login'), initialSyncFinished(T(30))]);
    const again = run([loggedIn(T(0), 'evt_login'), initialSyncFinished(T(31))], first.row);
    expect(again.effects).toEqual([]);
    expect(again.row).toMatchObject({ sync_cycle: 1, initial_sync_finished_at: T(30), last_event_at: T(31) });
  });

  it('ignores session events older than the current cycle (delivered late)', () => {
    const { row, effects } = run([loggedIn(T(10), 'evt_login'), initialSyncFinished(T(5)), loggedOut(T(6)), loggedIn(T(1), 'evt_old')]);
    expect(effects.filter((effect) => effect.type === 'enqueue').map((effect) => effect.type === 'enqueue' && effect.job.kind)).toEqual([OutboxJobKind.SnapshotFallback, OutboxJobKind.ReadSettings]);
    expect(row).toMatchObject({ status: SyncStatus.Syncing, cycle_id: 'evt_login', sync_cycle: 1, logged_out_at: null });
  });

  it('opens a cycle of its own for an initial_sync_finished without any logged_in', () => {
    const { row, effects } = run([initialSyncFinished(T(30))]);
    expect(row).toMatchObject({ status: SyncStatus.Synced, sync_cycle: 1, cycle_id: `isf:evt_${T(30)}`, logged_in_at: null, flush_status: 'pending' });
    expect(effects.filter((effect) => effect.type === 'enqueue').map((effect) => effect.type === 'enqueue' && effect.job.kind)).toEqual([
      OutboxJobKind.ReadSettings,
      OutboxJobKind.FlushHistory,
      OutboxJobKind.Snapshot,
    ]);
  });

  it('a new logged_in starts a new cycle and forgets the previous one', () => {
    const first = run([loggedIn(T(0), 'evt_1'), initialSyncFinished(T(30)), outcome('evt_1')]);
    expect(first.row.status).toBe(SyncStatus.HistoryRequested);
    const { row, effects } = run([loggedOut(T(40)), loggedIn(T(45), 'evt_2')], first.row);
    expect(row).toMatchObject({
      status: SyncStatus.Syncing,
      sync_cycle: 2,
      cycle_id: 'evt_2',
      logged_in_at: T(45),
      initial_sync_finished_at: null,
      logged_out_at: null,
      flush_status: null,
      flush_requested_at: null,
      history_sync: true, // the setting belongs to the instance, not the cycle
    });
    expect(effects[0]).toEqual({ type: 'cancel', cancellation: { instanceId: ID, kinds: [OutboxJobKind.SnapshotFallback, OutboxJobKind.ReadSettings, OutboxJobKind.SnapshotBootstrap] } });
  });

  it('records a flush outcome of the current cycle, with the setting it was based on', () => {
    const { row } = run([loggedIn(T(0), 'evt_1'), initialSyncFinished(T(30)), outcome('evt_1', { outcome: 'failed' as never, error: 'REJECTED: 401', attempts: 1 })]);
    expect(row).toMatchObject({ status: SyncStatus.Synced, flush_status: 'failed', flush_error: 'REJECTED: 401', flush_attempts: 1, flush_requested_at: T(49), history_sync: true, history_sync_source: 'admin' });
  });

  it('ignores the flush outcome of an earlier cycle', () => {
    const { row } = run([loggedIn(T(0), 'evt_1'), loggedIn(T(10), 'evt_2'), initialSyncFinished(T(30)), outcome('evt_1')]);
    expect(row).toMatchObject({ cycle_id: 'evt_2', flush_status: 'pending', status: SyncStatus.Synced });
  });

  it('flags HistorySync on with event filters that drop message_history_sync', () => {
    const settings: SyncChange = { instanceId: ID, at: T(2), type: 'instance_settings', setting: { historySync: true, source: 'wsapi' as never, eventFilters: ['message'] } };
    const { row } = run([settings]);
    expect(row).toMatchObject({ history_sync: true, history_sync_source: 'wsapi', event_filters: ['message'], history_filter_warning: true, history_sync_resolved_at: T(2), last_event_at: null });
  });

  it('after logged_out, an initial_sync_finished queues nothing (the device is not paired)', () => {
    const { row, effects } = run([loggedIn(T(0), 'evt_1'), loggedOut(T(5)), initialSyncFinished(T(6))]);
    expect(effects.filter((effect) => effect.type === 'enqueue').map((effect) => effect.type === 'enqueue' && effect.job.kind)).toEqual([OutboxJobKind.SnapshotFallback, OutboxJobKind.ReadSettings]);
    expect(row.status).toBe(SyncStatus.LoggedOut);
  });

  it('login_error shows until the next logged_in', () => {
    const error: SyncChange = { instanceId: ID, at: T(3), type: 'login_error', error: 'pairing timed out' };
    expect(run([error]).row).toMatchObject({ status: SyncStatus.LoginError, login_error: 'pairing timed out' });
    expect(run([error, loggedIn(T(4))]).row).toMatchObject({ status: SyncStatus.Syncing, login_error: null });
  });

  it('measures each phase: logged_in → initial sync → first and latest history event', () => {
    const { row } = run([loggedIn(T(0), 'evt_1'), initialSyncFinished(T(20)), outcome('evt_1')]);
    const finished = finishRow(row, { events: 3, chats: 2, messages: 700, firstAt: T(25), latestAt: T(55) });
    expect(finished).toMatchObject({
      status: SyncStatus.HistorySyncing,
      history_chats_received: 2,
      history_messages_received: 700,
      initial_sync_ms: 20_000,
      history_wait_ms: 5_000,
      history_duration_ms: 30_000,
      total_sync_ms: 55_000,
    });
  });

  it('remembers the latest snapshot without counting it as WSAPI activity', () => {
    const snapshot = (at: string): SyncChange => ({ instanceId: ID, at, type: 'snapshot' });
    expect(run([snapshot(T(9)), snapshot(T(3))]).row).toMatchObject({ last_snapshot_at: T(9), last_event_at: null });
  });
});
