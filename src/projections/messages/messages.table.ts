import { ColumnSpec, PgType, TableSpec } from '../upsert/table-spec';
import { VersionedTable } from '../upsert/versioned-table';

/** A column describing the message itself: taken, with all its siblings, from the winning payload. */
const fromWinningPayload = (name: string, type: PgType): ColumnSpec => ({ name, type, merge: { kind: 'versioned', by: 'base_version' } });

/**
 * `messages`: one row per (instance, chat, message id), fed by live messages, history chunks,
 * edits, reactions, pins, deletes, stars and receipts. Every column has a merge rule that does
 * not depend on arrival order (docs/read-models/messages.md explains each one):
 *  - the base columns are all nullable, because an edit, reaction or receipt can create the row
 *    before the message itself arrives; they come as one group from the payload with the
 *    greatest base_version;
 *  - each other group carries the time that decides it (edited_at, starred_at, …).
 */
export const MESSAGES_TABLE: TableSpec = {
  table: 'messages',
  columns: [
    { name: 'instance_id', type: 'text', merge: { kind: 'key' } },
    { name: 'chat_id', type: 'text', merge: { kind: 'key' } },
    { name: 'id', type: 'text', merge: { kind: 'key' } },
    // The LID the chat was named by when some event about the message named it so (the row is
    // keyed by the phone JID once known): lets the row move if that LID's phone JID changes.
    { name: 'received_chat_lid', type: 'text', merge: { kind: 'least' } },
    // "<source rank>|<receivedAt>": a live copy beats a history copy, then the later-received copy.
    { name: 'base_version', type: 'text', merge: { kind: 'greatest' } },
    fromWinningPayload('source', 'text'),
    fromWinningPayload('sender_id', 'text'),
    fromWinningPayload('sender_lid', 'text'),
    fromWinningPayload('from_me', 'boolean'),
    fromWinningPayload('time', 'timestamptz'),
    fromWinningPayload('type', 'text'),
    fromWinningPayload('text', 'text'),
    fromWinningPayload('media', 'jsonb'),
    fromWinningPayload('has_thumbnail', 'boolean'),
    fromWinningPayload('reply_to_id', 'text'),
    fromWinningPayload('is_forwarded', 'boolean'),
    fromWinningPayload('mentions', 'jsonb'),
    fromWinningPayload('raw', 'jsonb'),
    { name: 'is_edited', type: 'boolean', merge: { kind: 'or' }, default: false },
    { name: 'edited_text', type: 'text', merge: { kind: 'versioned', by: 'edited_at' } },
    { name: 'edited_at', type: 'timestamptz', merge: { kind: 'greatest' } },
    { name: 'is_deleted', type: 'boolean', merge: { kind: 'or' }, default: false },
    { name: 'deleted_for_all', type: 'boolean', merge: { kind: 'or' }, default: false },
    { name: 'deleted_at', type: 'timestamptz', merge: { kind: 'least' } },
    { name: 'is_starred', type: 'boolean', merge: { kind: 'versioned', by: 'starred_at' }, default: false },
    { name: 'starred_at', type: 'timestamptz', merge: { kind: 'greatest' } },
    { name: 'is_pinned', type: 'boolean', merge: { kind: 'versioned', by: 'pinned_at' }, default: false },
    { name: 'pinned_at', type: 'timestamptz', merge: { kind: 'greatest' } },
    { name: 'reactions', type: 'jsonb', merge: { kind: 'jsonLatestByKey' }, default: {} },
    { name: 'delivered_at', type: 'timestamptz', merge: { kind: 'least' } },
    { name: 'read_at', type: 'timestamptz', merge: { kind: 'least' } },
    { name: 'played_at', type: 'timestamptz', merge: { kind: 'least' } },
    // Every patch carries these two (the time of its event), so a row always has them.
    { name: 'first_seen_at', type: 'timestamptz', merge: { kind: 'least' }, notNull: true },
    { name: 'updated_at', type: 'timestamptz', merge: { kind: 'greatest' }, notNull: true },
  ],
};

export const messagesTable = new VersionedTable(MESSAGES_TABLE);
