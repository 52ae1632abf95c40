import { RowPatch } from '../upsert/table-spec';

/** What decode hands to apply: a patch for one of the projection's tables. */
export type GroupsTableName = 'groups' | 'group_participants' | 'group_snapshots';

export interface GroupsChange {
  table: GroupsTableName;
  row: RowPatch;
}

export const groupRow = (row: RowPatch): GroupsChange => ({ table: 'groups', row });
export const participantRow = (row: RowPatch): GroupsChange => ({ table: 'group_participants', row });
export const snapshotRow = (row: RowPatch): GroupsChange => ({ table: 'group_snapshots', row });

export const rowsFor = (changes: GroupsChange[], table: GroupsTableName): RowPatch[] =>
  changes.filter((change) => change.table === table).map((change) => change.row);
