import { Sql } from '../../database/sql';

/**
 * A snapshot is authoritative at its fetch time, also about what it does NOT list. These
 * statements turn that into tombstones (is_member = false as of the snapshot), which an older
 * event delivered later cannot undo because it loses on membership_at.
 *
 * They run after every batch's upserts, not only when the snapshot arrives, and read the stored
 * snapshot (group_snapshots, groups.listed_participants) instead of the snapshot event: a row
 * created after the snapshot by an event older than it (a late delivery) must be tombstoned too,
 * and it did not exist when the snapshot was applied. Only rows that need it are written (the
 * membership_at comparison), so re-running is a no-op.
 */

/** Groups of these instances that their newest snapshot did not list are no longer theirs. */
export async function markGroupsLeftSinceSnapshot(sql: Sql, instanceIds: string[]): Promise<void> {
  if (instanceIds.length === 0) return;
  await sql.query(
    `UPDATE groups AS g
     SET is_member = false, membership_at = s.taken_at, updated_at = GREATEST(g.updated_at, s.taken_at)
     FROM group_snapshots AS s
     WHERE s.instance_id = ANY($1::text[])
       AND g.instance_id = s.instance_id
       AND NOT (s.group_ids ? g.id)
       AND (g.membership_at IS NULL OR g.membership_at < s.taken_at)`,
    [instanceIds],
  );
}

export interface GroupKey {
  instanceId: string;
  groupId: string;
}

/**
 * Participants of these groups that the newest snapshot listing the group did not name (by phone
 * JID or LID) are no longer members as of that snapshot.
 */
export async function markParticipantsGoneSinceListing(sql: Sql, groups: GroupKey[]): Promise<void> {
  if (groups.length === 0) return;
  await sql.query(
    `UPDATE group_participants AS p
     SET is_member = false, is_admin = false, membership_at = g.participants_listed_at,
         updated_at = GREATEST(p.updated_at, g.participants_listed_at)
     FROM groups AS g
     WHERE (g.instance_id, g.id) IN (SELECT * FROM unnest($1::text[], $2::text[]))
       AND p.instance_id = g.instance_id
       AND p.group_id = g.id
       AND g.participants_listed_at IS NOT NULL
       AND NOT (g.listed_participants ? p.participant_id)
       AND NOT (p.participant_lid IS NOT NULL AND g.listed_participants ? p.participant_lid)
       AND (p.membership_at IS NULL OR p.membership_at < g.participants_listed_at)`,
    [groups.map((group) => group.instanceId), groups.map((group) => group.groupId)],
  );
}
