import { Sql } from '../../database/sql';
import { RowPatch } from './table-spec';
import { quoteIdentifier } from '../../database/sql';
import { VersionedTable } from './versioned-table';

export interface IdentityColumns {
  /** The person/chat key column (phone JID once known, else LID). */
  id: string;
  /** The column keeping the LID next to it. */
  lid: string;
  /**
   * Which column names the LID a row was stored by: `id` (default: the row is keyed by the LID
   * until its phone JID is known, e.g. contacts) or `lid` (the LID is kept beside whatever key
   * the row has, so rows keyed by a phone JID can still be found by it, e.g. messages).
   */
  storedBy?: 'id' | 'lid';
}

/** `${instance} ${lid}` → phone JID. */
export type LidAliases = Map<string, string>;
export const lidAliasKey = (instanceId: unknown, lid: unknown) => `${instanceId} ${lid}`;
export const isLid = (value: unknown): value is string => typeof value === 'string' && value.endsWith('@lid');

/**
 * WhatsApp may name one person or chat first by LID (`…@lid`) and later by phone JID. Rows are
 * keyed by the phone JID once it is known, with the LID kept beside it:
 *  - a patch keyed by a LID whose phone JID is known (in this batch or stored) is re-keyed to it;
 *  - after the upsert, rows stored under a LID that now has a phone JID are merged into the phone
 *    row (the table's normal merge rules) and deleted.
 * The table's key starts with instance_id; other key columns (e.g. group_id) are kept as they are.
 * Here the aliases come from the table's own rows; `messages` keeps them in a table of their own
 * (src/projections/messages/lid-phone-map.ts) and uses the same re-keying and merging.
 */
export async function upsertMergingLidAliases(
  table: VersionedTable,
  sql: Sql,
  patches: RowPatch[],
  columns: IdentityColumns = { id: 'id', lid: 'lid' },
): Promise<void> {
  if (patches.length === 0) return;
  const aliases = await knownAliases(table, sql, patches, columns);
  await table.upsert(sql, patches.map((patch) => rekeyedByLid(patch, aliases, columns)));
  if (aliases.size > 0) await table.upsert(sql, await takeLidRows(table, sql, aliases, columns));
}

async function knownAliases(table: VersionedTable, sql: Sql, patches: RowPatch[], { id, lid }: IdentityColumns): Promise<LidAliases> {
  const aliases: LidAliases = new Map();
  for (const patch of patches) {
    if (isLid(patch[lid]) && !isLid(patch[id])) aliases.set(lidAliasKey(patch.instance_id, patch[lid]), patch[id] as string);
  }
  const unresolved = patches.filter((patch) => isLid(patch[id]) && !aliases.has(lidAliasKey(patch.instance_id, patch[id])));
  if (unresolved.length === 0) return aliases;
  const stored = await sql.query<{ instance_id: string; id: string; lid: string }>(
    `SELECT DISTINCT instance_id, ${quoteIdentifier(id)} AS id, ${quoteIdentifier(lid)} AS lid FROM ${quoteIdentifier(table.name)}
     WHERE (instance_id, ${quoteIdentifier(lid)}) IN (SELECT * FROM unnest($1::text[], $2::text[])) AND ${quoteIdentifier(id)} NOT LIKE '%@lid'`,
    [unresolved.map((patch) => patch.instance_id), unresolved.map((patch) => patch[id])],
  );
  for (const row of stored) aliases.set(lidAliasKey(row.instance_id, row.lid), row.id);
  return aliases;
}

/** The LID a patch or row was stored by (see IdentityColumns.storedBy), if any. */
function storedLid(patch: RowPatch, { id, lid, storedBy = 'id' }: IdentityColumns): string | undefined {
  const value = storedBy === 'id' ? patch[id] : patch[lid] ?? patch[id];
  return isLid(value) ? value : undefined;
}

/**
 * The patch keyed by the phone JID of its LID when that is known, the LID kept in the lid
 * column; a LID-keyed patch whose phone JID is unknown keeps its key and gets its lid column
 * filled in if empty, so that it can be found by it once the phone JID is learned.
 */
export function rekeyedByLid(patch: RowPatch, aliases: LidAliases, columns: IdentityColumns): RowPatch {
  const lid = storedLid(patch, columns);
  if (lid === undefined) return patch;
  const phoneId = aliases.get(lidAliasKey(patch.instance_id, lid));
  if (phoneId) return { ...patch, [columns.id]: phoneId, [columns.lid]: lid };
  return patch[columns.lid] == null ? { ...patch, [columns.lid]: lid } : patch;
}

/**
 * Deletes the stored rows that were stored by one of the aliases' LIDs and are not keyed by its
 * phone JID yet, and returns them re-keyed to it: upserting them merges each into the phone row
 * by the table's rules (DELETE … RETURNING, so that a row is moved exactly once).
 */
export async function takeLidRows(table: VersionedTable, sql: Sql, aliases: LidAliases, columns: IdentityColumns): Promise<RowPatch[]> {
  if (aliases.size === 0) return [];
  const storedBy = columns.storedBy === 'lid' ? columns.lid : columns.id;
  const pairs = [...aliases.entries()].map(([key, phoneId]) => [...key.split(' '), phoneId]);
  const orphans = await sql.query<Record<string, unknown>>(
    `DELETE FROM ${quoteIdentifier(table.name)} AS t USING unnest($1::text[], $2::text[], $3::text[]) AS a(instance_id, lid, phone_id)
     WHERE t.instance_id = a.instance_id AND t.${quoteIdentifier(storedBy)} = a.lid AND t.${quoteIdentifier(columns.id)} <> a.phone_id
     RETURNING t.*`,
    [pairs.map(([instanceId]) => instanceId), pairs.map(([, lid]) => lid), pairs.map(([, , phoneId]) => phoneId)],
  );
  return orphans.map((row) => rekeyedByLid(table.rowToPatch(row), aliases, columns));
}
