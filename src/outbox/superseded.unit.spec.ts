import { OutboxJobKind } from './outbox-job';
import { InstanceState, supersededReason } from './superseded';

const state = (fields: Partial<InstanceState> = {}): InstanceState => ({ cycleId: 'evt_2', syncCycle: 2, hasSnapshot: true, loggedOut: false, snapshotBlocked: false, ...fields });

describe('supersededReason', () => {
  it('drops a cycle job whose cycle is no longer the current one', () => {
    expect(supersededReason({ kind: OutboxJobKind.Snapshot, cycleId: 'evt_1' }, state())).toMatch(/evt_1 is no longer current/);
    expect(supersededReason({ kind: OutboxJobKind.FlushHistory, cycleId: 'evt_2' }, state())).toBeUndefined();
  });

  it('drops a bootstrap once a cycle or a snapshot took over', () => {
    const fresh = state({ cycleId: null, syncCycle: 0, hasSnapshot: false });
    expect(supersededReason({ kind: OutboxJobKind.SnapshotBootstrap, cycleId: 'bootstrap:0' }, fresh)).toBeUndefined();
    expect(supersededReason({ kind: OutboxJobKind.SnapshotBootstrap, cycleId: 'bootstrap:0' }, { ...fresh, cycleId: 'evt_1' })).toMatch(/took over/);
    expect(supersededReason({ kind: OutboxJobKind.SnapshotBootstrap, cycleId: 'bootstrap:0' }, { ...fresh, hasSnapshot: true })).toMatch(/snapshot/);
  });

  it('drops a reconcile of a logged-out or refused instance, whatever its cycle', () => {
    expect(supersededReason({ kind: OutboxJobKind.SnapshotReconcile, cycleId: 'reconcile:9' }, state())).toBeUndefined();
    expect(supersededReason({ kind: OutboxJobKind.SnapshotReconcile, cycleId: 'reconcile:9' }, state({ loggedOut: true }))).toMatch(/logged out/);
    expect(supersededReason({ kind: OutboxJobKind.SnapshotReconcile, cycleId: 'reconcile:9' }, state({ snapshotBlocked: true }))).toMatch(/401/);
  });
});
