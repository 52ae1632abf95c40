import { TableSpec } from '../upsert/table-spec';
import { VersionedTable } from '../upsert/versioned-table';

/**
 * `contacts`: one row per person an instance knows, keyed by phone JID once known (else LID).
 * Each group of columns carries the time of the event that last set it (`*_at`), so an older
 * event never overwrites newer state, whatever order the events arrive in.
 */
export const CONTACTS_TABLE: TableSpec = {
  table: 'contacts',
  columns: [
    { name: 'instance_id', type: 'text', merge: { kind: 'key' } },
    { name: 'id', type: 'text', merge: { kind: 'key' } },
    // Of two LIDs reported for one person the smaller (byte-wise; the column is COLLATE "C") is
    // kept: the first to arrive would depend on how the topics interleave, and a rebuild differs.
    { name: 'lid', type: 'text', merge: { kind: 'least' } },
    { name: 'phone', type: 'text', merge: { kind: 'keepFirst' } },
    { name: 'full_name', type: 'text', merge: { kind: 'versioned', by: 'address_book_at' } },
    { name: 'in_phone_address_book', type: 'boolean', merge: { kind: 'versioned', by: 'address_book_at' } },
    { name: 'address_book_at', type: 'timestamptz', merge: { kind: 'greatest' } },
    { name: 'first_name', type: 'text', merge: { kind: 'versioned', by: 'profile_at' } },
    { name: 'business_name', type: 'text', merge: { kind: 'versioned', by: 'profile_at' } },
    { name: 'profile_at', type: 'timestamptz', merge: { kind: 'greatest' } },
    { name: 'push_name', type: 'text', merge: { kind: 'versioned', by: 'push_name_at' } },
    { name: 'push_name_at', type: 'timestamptz', merge: { kind: 'greatest' } },
    { name: 'about', type: 'text', merge: { kind: 'versioned', by: 'about_at' } },
    { name: 'about_at', type: 'timestamptz', merge: { kind: 'greatest' } },
    { name: 'updated_at', type: 'timestamptz', merge: { kind: 'greatest' } },
  ],
};

export const contactsTable = new VersionedTable(CONTACTS_TABLE);
