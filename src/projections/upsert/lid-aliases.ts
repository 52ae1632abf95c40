import { Sql } from '../engine/projection';
import { RowPatch } from './table-spec';
import { VersionedTable } from './versioned-table';

const isLid = (id: unknown): id is string => typeof id === 'string' && id.endsWith('@lid');

/**
 * WhatsApp may name one person or chat first by LID (`…@lid`) and later by phone JID. Rows are
 * keyed by the phone JID once it is known, with the LID kept in `lid`:
 *  - a patch keyed by a LID whose phone JID is known (in this batch or stored) is re-keyed to it;
 *  - after the upsert, a row stored under a LID that now has a phone JID is merged into the
 *    phone row (same merge rules as any patch) and deleted.
 * The table must have columns instance_id, id and lid.
 */
export async function upsertMergingLidAliases(table: VersionedTable, sql: Sql, patches: RowPatch[]): Promise<void> {
  if (patches.length === 0) return;
  const aliases = new Map<string, string>(); // `${instance} ${lid}` → phone id
  for (const patch of patches) {
    if (isLid(patch.lid) && typeof patch.id === 'string' && !isLid(patch.id)) aliases.set(`${patch.instance_id} ${patch.lid}`, patch.id);
  }
  const unresolved = patches.filter((patch) => isLid(patch.id) && !aliases.has(`${patch.instance_id} ${patch.id}`));
  if (unresolved.length > 0) {
    const known = await sql.query<{ instance_id: string; id: string; lid: string }>(
      `SELECT instance_id, id, lid FROM "${table.name}"
       WHERE (instance_id, lid) IN (SELECT * FROM unnest($1::text[], $2::text[])) AND id NOT LIKE '%@lid'`,
      [unresolved.map((patch) => patch.instance_id), unresolved.map((patch) => patch.id)],
    );
    known.forEach((row) => aliases.set(`${row.instance_id} ${row.lid}`, row.id));
  }
  const rekeyed = patches.map((patch) => {
    const phoneId = isLid(patch.id) ? aliases.get(`${patch.instance_id} ${patch.id}`) : undefined;
    return phoneId ? { ...patch, id: phoneId, lid: patch.id } : patch;
  });
  await table.upsert(sql, rekeyed);

  if (aliases.size === 0) return;
  const pairs = [...aliases.entries()].map(([key, phoneId]) => {
    const [instanceId, lid] = key.split(' ');
    return { instanceId, lid, phoneId };
  });
  const orphans = await sql.query<Record<string, unknown>>(
    `DELETE FROM "${table.name}" WHERE (instance_id, id) IN (SELECT * FROM unnest($1::text[], $2::text[])) RETURNING *`,
    [pairs.map((pair) => pair.instanceId), pairs.map((pair) => pair.lid)],
  );
  if (orphans.length === 0) return;
  const phoneOf = new Map(pairs.map((pair) => [`${pair.instanceId} ${pair.lid}`, pair.phoneId]));
  await table.upsert(
    sql,
    orphans.map((row) => ({ ...table.rowToPatch(row), id: phoneOf.get(`${row.instance_id} ${row.id}`), lid: row.id })),
  );
}
