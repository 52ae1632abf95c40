import { TableSpec } from '../upsert/table-spec';
import { VersionedTable } from '../upsert/versioned-table';

/**
 * `groups`: one row per group or community an instance knows. Every fact has its own version
 * column (`*_at`, the time of the fact that last set it), so an older event never overwrites
 * newer state whatever the arrival order. NULL means "never reported".
 */
export const GROUPS_TABLE: TableSpec = {
  table: 'groups',
  columns: [
    { name: 'instance_id', type: 'text', merge: { kind: 'key' } },
    { name: 'id', type: 'text', merge: { kind: 'key' } },
    { name: 'name', type: 'text', merge: { kind: 'versioned', by: 'name_at' } },
    { name: 'name_at', type: 'timestamptz', merge: { kind: 'greatest' } },
    { name: 'description', type: 'text', merge: { kind: 'versioned', by: 'description_at' } },
    { name: 'description_at', type: 'timestamptz', merge: { kind: 'greatest' } },
    // Only the snapshot reports these two, so they always share one time.
    { name: 'owner_id', type: 'text', merge: { kind: 'versioned', by: 'details_at' } },
    { name: 'member_add_mode', type: 'text', merge: { kind: 'versioned', by: 'details_at' } },
    { name: 'details_at', type: 'timestamptz', merge: { kind: 'greatest' } },
    // Immutable; `least` keeps the result independent of arrival order even if sources disagree.
    { name: 'created_at', type: 'timestamptz', merge: { kind: 'least' } },
    { name: 'is_announce', type: 'boolean', merge: { kind: 'versioned', by: 'announce_at' } },
    { name: 'announce_at', type: 'timestamptz', merge: { kind: 'greatest' } },
    { name: 'is_locked', type: 'boolean', merge: { kind: 'versioned', by: 'locked_at' } },
    { name: 'locked_at', type: 'timestamptz', merge: { kind: 'greatest' } },
    { name: 'is_ephemeral', type: 'boolean', merge: { kind: 'versioned', by: 'ephemeral_at' } },
    { name: 'ephemeral_expiration', type: 'integer', merge: { kind: 'versioned', by: 'ephemeral_at' } },
    { name: 'ephemeral_at', type: 'timestamptz', merge: { kind: 'greatest' } },
    // A group is created as a community or an announcement group and stays one: once true, true.
    { name: 'is_community', type: 'boolean', merge: { kind: 'or' }, default: false },
    { name: 'is_announcement_group', type: 'boolean', merge: { kind: 'or' }, default: false },
    { name: 'community_id', type: 'text', merge: { kind: 'versioned', by: 'community_at' } },
    { name: 'community_at', type: 'timestamptz', merge: { kind: 'greatest' } },
    { name: 'is_join_approval_required', type: 'boolean', merge: { kind: 'versioned', by: 'join_approval_at' } },
    { name: 'join_approval_at', type: 'timestamptz', merge: { kind: 'greatest' } },
    { name: 'is_suspended', type: 'boolean', merge: { kind: 'versioned', by: 'suspended_at' } },
    { name: 'suspended_at', type: 'timestamptz', merge: { kind: 'greatest' } },
    { name: 'delete_reason', type: 'text', merge: { kind: 'versioned', by: 'deleted_at' } },
    { name: 'deleted_at', type: 'timestamptz', merge: { kind: 'greatest' } },
    // Whether this instance is (still) in the group; a snapshot not listing it is a tombstone.
    { name: 'is_member', type: 'boolean', merge: { kind: 'versioned', by: 'membership_at' } },
    { name: 'membership_at', type: 'timestamptz', merge: { kind: 'greatest' } },
    // Participant ids and LIDs of the newest snapshot that listed the group: who is not in it
    // stops being a member as of that snapshot (see snapshot-reconcile.ts).
    { name: 'listed_participants', type: 'jsonb', merge: { kind: 'versioned', by: 'participants_listed_at' } },
    { name: 'participants_listed_at', type: 'timestamptz', merge: { kind: 'greatest' } },
    { name: 'updated_at', type: 'timestamptz', merge: { kind: 'greatest' } },
  ],
};

export const groupsTable = new VersionedTable(GROUPS_TABLE);
