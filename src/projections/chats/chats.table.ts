import { TableSpec } from '../upsert/table-spec';
import { VersionedTable } from '../upsert/versioned-table';

/**
 * `chats`: one row per chat of an instance, keyed by phone JID once known (else LID; groups by
 * their @g.us id). Each setting block has its own version column, set to the time of the fact
 * that last set it (`*_at`), so an older setting never overwrites a newer one whatever the
 * arrival order. NULL in a setting means "never reported".
 */
export const CHATS_TABLE: TableSpec = {
  table: 'chats',
  columns: [
    { name: 'instance_id', type: 'text', merge: { kind: 'key' } },
    { name: 'id', type: 'text', merge: { kind: 'key' } },
    // Of two LIDs reported for one chat the smaller (byte-wise; the column is COLLATE "C") is
    // kept: the first to arrive would depend on how the topics interleave, and a rebuild differs.
    { name: 'lid', type: 'text', merge: { kind: 'least' } },
    { name: 'is_group', type: 'boolean', merge: { kind: 'or' }, default: false },
    { name: 'name', type: 'text', merge: { kind: 'versioned', by: 'name_at' } },
    { name: 'name_at', type: 'timestamptz', merge: { kind: 'greatest' } },
    { name: 'is_archived', type: 'boolean', merge: { kind: 'versioned', by: 'archive_at' } },
    { name: 'archive_at', type: 'timestamptz', merge: { kind: 'greatest' } },
    { name: 'is_pinned', type: 'boolean', merge: { kind: 'versioned', by: 'pin_at' } },
    { name: 'pin_at', type: 'timestamptz', merge: { kind: 'greatest' } },
    { name: 'is_muted', type: 'boolean', merge: { kind: 'versioned', by: 'mute_at' } },
    { name: 'mute_end_time', type: 'timestamptz', merge: { kind: 'versioned', by: 'mute_at' } },
    { name: 'mute_at', type: 'timestamptz', merge: { kind: 'greatest' } },
    { name: 'is_read', type: 'boolean', merge: { kind: 'versioned', by: 'read_at' } },
    { name: 'read_at', type: 'timestamptz', merge: { kind: 'greatest' } },
    { name: 'ephemeral_expiration', type: 'integer', merge: { kind: 'versioned', by: 'ephemeral_at' } },
    { name: 'ephemeral_at', type: 'timestamptz', merge: { kind: 'greatest' } },
    { name: 'picture_id', type: 'text', merge: { kind: 'versioned', by: 'picture_at' } },
    { name: 'picture_at', type: 'timestamptz', merge: { kind: 'greatest' } },
    // Activity only moves forward: the greatest value seen wins, from any source.
    { name: 'last_activity', type: 'timestamptz', merge: { kind: 'greatest' } },
    { name: 'last_message_at', type: 'timestamptz', merge: { kind: 'greatest' } },
    { name: 'updated_at', type: 'timestamptz', merge: { kind: 'greatest' } },
  ],
};

export const chatsTable = new VersionedTable(CHATS_TABLE);
