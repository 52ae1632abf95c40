import { OutboxJob, OutboxJobKind } from './outbox-job';

/** The parts of an instance's `instances` row that decide whether a due job still applies. */
export interface InstanceState {
  cycleId: string | null;
  syncCycle: number;
  hasSnapshot: boolean;
  loggedOut: boolean;
  snapshotBlocked: boolean;
}

/**
 * Why a job that came due should no longer run, or undefined to run it. A backlog of old cycles
 * projected at once then snapshots and flushes only the current one. Judged against what the
 * projection has applied so far.
 */
export function supersededReason(job: Pick<OutboxJob, 'kind' | 'cycleId'>, instance: InstanceState | undefined): string | undefined {
  if (!instance) return undefined; // a row is created with the decision; without one there is nothing to compare
  switch (job.kind) {
    case OutboxJobKind.SnapshotBootstrap:
      if (instance.cycleId !== null) return `a sync cycle (${instance.cycleId}) took over`;
      if (instance.hasSnapshot) return 'a snapshot was taken meanwhile';
      return undefined;
    case OutboxJobKind.SnapshotReconcile:
      if (instance.loggedOut) return 'the instance is logged out';
      if (instance.snapshotBlocked) return 'WSAPI refused its last snapshot (401/404)';
      return undefined;
    default:
      return instance.cycleId === job.cycleId ? undefined : `cycle ${job.cycleId} is no longer current (now ${instance.cycleId})`;
  }
}
