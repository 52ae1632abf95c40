import { TableSpec } from '../upsert/table-spec';
import { VersionedTable } from '../upsert/versioned-table';

/**
 * `group_participants`: one row per person ever seen in a group of an instance, keyed by phone
 * JID once known (else LID). Every join/leave/promote/demote and every snapshot states the whole
 * membership and admin state of a person at one time, so is_member and is_admin share one
 * version (membership_at).
 */
export const GROUP_PARTICIPANTS_TABLE: TableSpec = {
  table: 'group_participants',
  columns: [
    { name: 'instance_id', type: 'text', merge: { kind: 'key' } },
    { name: 'group_id', type: 'text', merge: { kind: 'key' } },
    { name: 'participant_id', type: 'text', merge: { kind: 'key' } },
    { name: 'participant_lid', type: 'text', merge: { kind: 'keepFirst' } },
    { name: 'phone', type: 'text', merge: { kind: 'keepFirst' } },
    { name: 'is_member', type: 'boolean', merge: { kind: 'versioned', by: 'membership_at' } },
    { name: 'is_admin', type: 'boolean', merge: { kind: 'versioned', by: 'membership_at' } },
    { name: 'membership_at', type: 'timestamptz', merge: { kind: 'greatest' } },
    // Only snapshots report these.
    { name: 'is_super_admin', type: 'boolean', merge: { kind: 'versioned', by: 'listed_at' } },
    { name: 'display_name', type: 'text', merge: { kind: 'versioned', by: 'listed_at' } },
    { name: 'listed_at', type: 'timestamptz', merge: { kind: 'greatest' } },
    { name: 'updated_at', type: 'timestamptz', merge: { kind: 'greatest' } },
  ],
};

export const groupParticipantsTable = new VersionedTable(GROUP_PARTICIPANTS_TABLE);
