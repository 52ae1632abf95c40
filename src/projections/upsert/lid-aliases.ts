import { Sql } from '../engine/projection';
import { RowPatch } from './table-spec';
import { quote } from './upsert-sql';
import { VersionedTable } from './versioned-table';

export interface IdentityColumns {
  /** The person/chat key column (phone JID once known, else LID). */
  id: string;
  /** The column keeping the LID next to it. */
  lid: string;
}

type Aliases = Map<string, string>; // `${instance} ${lid}` → phone JID
const aliasKey = (instanceId: unknown, lid: unknown) => `${instanceId} ${lid}`;
const isLid = (value: unknown): value is string => typeof value === 'string' && value.endsWith('@lid');

/**
 * WhatsApp may name one person or chat first by LID (`…@lid`) and later by phone JID. Rows are
 * keyed by the phone JID once it is known, with the LID kept beside it:
 *  - a patch keyed by a LID whose phone JID is known (in this batch or stored) is re-keyed to it;
 *  - after the upsert, rows stored under a LID that now has a phone JID are merged into the phone
 *    row (the table's normal merge rules) and deleted.
 * The table's key starts with instance_id; other key columns (e.g. group_id) are kept as they are.
 */
export async function upsertMergingLidAliases(
  table: VersionedTable,
  sql: Sql,
  patches: RowPatch[],
  columns: IdentityColumns = { id: 'id', lid: 'lid' },
): Promise<void> {
  if (patches.length === 0) return;
  const aliases = await knownAliases(table, sql, patches, columns);
  await table.upsert(sql, patches.map((patch) => rekeyed(patch, aliases, columns)));
  if (aliases.size > 0) await mergeStoredLidRows(table, sql, aliases, columns);
}

async function knownAliases(table: VersionedTable, sql: Sql, patches: RowPatch[], { id, lid }: IdentityColumns): Promise<Aliases> {
  const aliases: Aliases = new Map();
  for (const patch of patches) {
    if (isLid(patch[lid]) && !isLid(patch[id])) aliases.set(aliasKey(patch.instance_id, patch[lid]), patch[id] as string);
  }
  const unresolved = patches.filter((patch) => isLid(patch[id]) && !aliases.has(aliasKey(patch.instance_id, patch[id])));
  if (unresolved.length === 0) return aliases;
  const stored = await sql.query<{ instance_id: string; id: string; lid: string }>(
    `SELECT DISTINCT instance_id, ${quote(id)} AS id, ${quote(lid)} AS lid FROM ${quote(table.name)}
     WHERE (instance_id, ${quote(lid)}) IN (SELECT * FROM unnest($1::text[], $2::text[])) AND ${quote(id)} NOT LIKE '%@lid'`,
    [unresolved.map((patch) => patch.instance_id), unresolved.map((patch) => patch[id])],
  );
  for (const row of stored) aliases.set(aliasKey(row.instance_id, row.lid), row.id);
  return aliases;
}

function rekeyed(patch: RowPatch, aliases: Aliases, { id, lid }: IdentityColumns): RowPatch {
  const phoneId = isLid(patch[id]) ? aliases.get(aliasKey(patch.instance_id, patch[id])) : undefined;
  return phoneId ? { ...patch, [id]: phoneId, [lid]: patch[id] } : patch;
}

async function mergeStoredLidRows(table: VersionedTable, sql: Sql, aliases: Aliases, columns: IdentityColumns): Promise<void> {
  const pairs = [...aliases.keys()].map((key) => key.split(' '));
  const orphans = await sql.query<Record<string, unknown>>(
    `DELETE FROM ${quote(table.name)} WHERE (instance_id, ${quote(columns.id)}) IN (SELECT * FROM unnest($1::text[], $2::text[])) RETURNING *`,
    [pairs.map(([instanceId]) => instanceId), pairs.map(([, lid]) => lid)],
  );
  if (orphans.length === 0) return;
  await table.upsert(sql, orphans.map((row) => rekeyed(table.rowToPatch(row), aliases, columns)));
}
