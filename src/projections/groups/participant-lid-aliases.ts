import { Sql } from '../engine/projection';
import { isLidJid } from '../chat-common/jid';
import { RowPatch } from '../upsert/table-spec';
import { groupParticipantsTable } from './group-participants.table';

type Aliases = Map<string, string>; // `${instance} ${lid}` → phone JID
const aliasKey = (instanceId: unknown, lid: unknown) => `${instanceId} ${lid}`;

/**
 * upsertMergingLidAliases (../upsert/lid-aliases.ts) for group_participants, whose person
 * columns are participant_id / participant_lid and whose key also holds group_id — the shared
 * helper hard-codes `id` / `lid`. Same rules: a LID-keyed patch whose phone JID is known (in the
 * batch or stored, in any group of the instance) is re-keyed to it, and a stored LID-keyed row
 * whose phone JID is now known is merged into the phone row (normal merge rules) and deleted.
 */
export async function upsertParticipantsMergingLidAliases(sql: Sql, patches: RowPatch[]): Promise<void> {
  if (patches.length === 0) return;
  const aliases = await knownAliases(sql, patches);
  await groupParticipantsTable.upsert(sql, patches.map((patch) => rekeyed(patch, aliases)));
  if (aliases.size > 0) await mergeStoredLidRows(sql, aliases);
}

async function knownAliases(sql: Sql, patches: RowPatch[]): Promise<Aliases> {
  const aliases: Aliases = new Map();
  for (const patch of patches) {
    if (isLidJid(patch.participant_lid) && !isLidJid(patch.participant_id)) aliases.set(aliasKey(patch.instance_id, patch.participant_lid), patch.participant_id as string);
  }
  const unresolved = patches.filter((patch) => isLidJid(patch.participant_id) && !aliases.has(aliasKey(patch.instance_id, patch.participant_id)));
  if (unresolved.length === 0) return aliases;
  const stored = await sql.query<{ instance_id: string; participant_id: string; participant_lid: string }>(
    `SELECT DISTINCT instance_id, participant_id, participant_lid FROM group_participants
     WHERE (instance_id, participant_lid) IN (SELECT * FROM unnest($1::text[], $2::text[])) AND participant_id NOT LIKE '%@lid'`,
    [unresolved.map((patch) => patch.instance_id), unresolved.map((patch) => patch.participant_id)],
  );
  for (const row of stored) aliases.set(aliasKey(row.instance_id, row.participant_lid), row.participant_id);
  return aliases;
}

function rekeyed(patch: RowPatch, aliases: Aliases): RowPatch {
  const phoneId = isLidJid(patch.participant_id) ? aliases.get(aliasKey(patch.instance_id, patch.participant_id)) : undefined;
  return phoneId ? { ...patch, participant_id: phoneId, participant_lid: patch.participant_id } : patch;
}

async function mergeStoredLidRows(sql: Sql, aliases: Aliases): Promise<void> {
  const pairs = [...aliases.keys()].map((key) => key.split(' '));
  const orphans = await sql.query<Record<string, unknown>>(
    `DELETE FROM group_participants WHERE (instance_id, participant_id) IN (SELECT * FROM unnest($1::text[], $2::text[])) RETURNING *`,
    [pairs.map(([instanceId]) => instanceId), pairs.map(([, lid]) => lid)],
  );
  if (orphans.length === 0) return;
  await groupParticipantsTable.upsert(sql, orphans.map((row) => rekeyed(groupParticipantsTable.rowToPatch(row), aliases)));
}
