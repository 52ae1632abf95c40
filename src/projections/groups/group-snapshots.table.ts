import { TableSpec } from '../upsert/table-spec';
import { VersionedTable } from '../upsert/versioned-table';

/**
 * `group_snapshots`: the newest groups snapshot of each instance — which groups it was in at that
 * time. Kept so that a group first seen through an event older than the snapshot (delivered
 * after it) is still known not to be current (see snapshot-reconcile.ts).
 */
export const GROUP_SNAPSHOTS_TABLE: TableSpec = {
  table: 'group_snapshots',
  columns: [
    { name: 'instance_id', type: 'text', merge: { kind: 'key' } },
    { name: 'group_ids', type: 'jsonb', merge: { kind: 'versioned', by: 'taken_at' } },
    { name: 'taken_at', type: 'timestamptz', merge: { kind: 'greatest' } },
  ],
};

export const groupSnapshotsTable = new VersionedTable(GROUP_SNAPSHOTS_TABLE);
