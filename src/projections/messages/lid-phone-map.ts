import { Sql } from '../../database/sql';
import { LidAliases, lidAliasKey } from '../upsert/lid-aliases';
import { LidPhoneLink } from './lid-links';

/** The table (owned by the messages projection, rebuilt with it) mapping each LID to one phone JID. */
export const LID_PHONE_MAP_TABLE = 'messages_lid_map';

export interface ResolvedLids {
  /** The phone JID of each asked-for LID whose phone JID is known. */
  phoneByLid: LidAliases;
  /** The LIDs whose phone JID this batch set or changed (their stored rows must move). */
  changed: LidAliases;
}

/**
 * Sources may disagree on a LID's phone JID (a number change, a bad payload). The earliest
 * received link wins, ties going to the smaller phone JID: a minimum, so the same set of links
 * gives the same mapping in any order, and a link received again later changes nothing (and
 * writes nothing).
 */
function beats(link: LidPhoneLink, other: LidPhoneLink): boolean {
  return link.seenAt < other.seenAt || (link.seenAt === other.seenAt && link.phoneJid < other.phoneJid);
}

/** One link per (instance, LID): the one that would win, in key order (rows are locked in that order). */
function winningLinks(links: LidPhoneLink[]): LidPhoneLink[] {
  const best = new Map<string, LidPhoneLink>();
  for (const link of links) {
    const key = lidAliasKey(link.instanceId, link.lid);
    const current = best.get(key);
    if (!current || beats(link, current)) best.set(key, link);
  }
  return [...best.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, link]) => link);
}

/**
 * Stores the batch's links and returns the phone JIDs of the asked-for LIDs, in one statement.
 * Only a link that beats the stored one is written (the pre-check keeps a link seen again from
 * locking its row); ON CONFLICT re-checks against the latest row. The caller holds the lock of
 * every asked-for LID (lockLids), so the stored rows read here are not changing underneath.
 */
export async function resolveLids(sql: Sql, links: LidPhoneLink[], wanted: Array<[instanceId: string, lid: string]>): Promise<ResolvedLids> {
  const incoming = winningLinks(links);
  const rows = await sql.query<{ instance_id: string; lid: string; phone_jid: string; changed: boolean }>(
    `WITH incoming AS (
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[]) AS u(instance_id, lid, phone_jid, first_seen_at)
     ), wanted AS (
       SELECT * FROM unnest($5::text[], $6::text[]) AS w(instance_id, lid)
     ), stored AS (
       SELECT m.instance_id, m.lid, m.phone_jid, m.first_seen_at FROM ${LID_PHONE_MAP_TABLE} m
       WHERE (m.instance_id, m.lid) IN (SELECT instance_id, lid FROM incoming UNION SELECT instance_id, lid FROM wanted)
     ), written AS (
       INSERT INTO ${LID_PHONE_MAP_TABLE} AS t (instance_id, lid, phone_jid, first_seen_at)
       SELECT i.instance_id, i.lid, i.phone_jid, i.first_seen_at FROM incoming i
       WHERE NOT EXISTS (
         SELECT 1 FROM stored s WHERE s.instance_id = i.instance_id AND s.lid = i.lid AND (s.first_seen_at, s.phone_jid) <= (i.first_seen_at, i.phone_jid))
       ON CONFLICT (instance_id, lid) DO UPDATE SET phone_jid = EXCLUDED.phone_jid, first_seen_at = EXCLUDED.first_seen_at
       WHERE (EXCLUDED.first_seen_at, EXCLUDED.phone_jid) < (t.first_seen_at, t.phone_jid)
       RETURNING t.instance_id, t.lid, t.phone_jid
     )
     SELECT instance_id, lid, phone_jid, true AS changed FROM written
     UNION ALL
     SELECT s.instance_id, s.lid, s.phone_jid, false FROM stored s JOIN wanted USING (instance_id, lid)
     WHERE NOT EXISTS (SELECT 1 FROM written w WHERE w.instance_id = s.instance_id AND w.lid = s.lid)`,
    [
      incoming.map((link) => link.instanceId),
      incoming.map((link) => link.lid),
      incoming.map((link) => link.phoneJid),
      incoming.map((link) => link.seenAt),
      wanted.map(([instanceId]) => instanceId),
      wanted.map(([, lid]) => lid),
    ],
  );
  const resolved: ResolvedLids = { phoneByLid: new Map(), changed: new Map() };
  for (const row of rows) {
    const key = lidAliasKey(row.instance_id, row.lid);
    resolved.phoneByLid.set(key, row.phone_jid);
    if (row.changed) resolved.changed.set(key, row.phone_jid);
  }
  return resolved;
}

/**
 * Serializes the transactions that read or change one LID's mapping, so that rows written under
 * a LID whose phone JID another transaction is just learning are never left behind: whoever
 * comes second sees the other's rows (it moves them) or its mapping (it re-keys by it). Only
 * across service processes (one process writes a projection's batches one at a time); the key
 * includes the schema, so a rebuild's shadow tables do not wait for the live ones.
 */
export async function lockLids(sql: Sql, lids: Array<[instanceId: string, lid: string]>): Promise<void> {
  if (lids.length === 0) return;
  await sql.query(
    `SELECT count(pg_advisory_xact_lock(k)) FROM (
       SELECT DISTINCT hashtextextended(current_schema() || ' ' || instance_id || ' ' || lid, 0) AS k
       FROM unnest($1::text[], $2::text[]) AS u(instance_id, lid) ORDER BY k) AS keys`,
    [lids.map(([instanceId]) => instanceId), lids.map(([, lid]) => lid)],
  );
}
