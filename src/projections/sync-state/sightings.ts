import { Sql } from '../engine/projection';
import { OutboxJobKind } from '../../history-flush/outbox-job';
import { INSTANCES_TABLE } from './instances.store';
import { SyncChange } from './sync-changes';

/**
 * Keeps the busy topics cheap: a `seen` change matters only for an instance without a row (it is
 * created) or one that may still need its bootstrap snapshot. One sighting per instance is kept,
 * and instances whose row already rules the bootstrap out (or that have one queued) are dropped
 * with a single indexed query, so a batch of messages usually costs sync-state no row lock at all.
 */
export async function withoutIdleSightings(sql: Sql, changes: SyncChange[], replaying: boolean, topicPrefix: string): Promise<SyncChange[]> {
  const sighted = new Set<string>();
  const others = new Set<string>();
  for (const change of changes) (change.type === 'seen' ? sighted : others).add(change.instanceId);
  if (sighted.size === 0) return changes;
  const candidates = [...sighted].filter((id) => !others.has(id));
  const idle = candidates.length === 0 ? new Set<string>() : await idleInstances(sql, candidates, replaying, topicPrefix);
  const kept = new Set<string>();
  return changes.filter((change) => {
    if (change.type !== 'seen') return true;
    if (others.has(change.instanceId) || idle.has(change.instanceId) || kept.has(change.instanceId)) return false;
    kept.add(change.instanceId);
    return true;
  });
}

/** Instances with a row that a sighting cannot change (a replay decides no bootstrap, so any row will do). */
async function idleInstances(sql: Sql, instanceIds: string[], replaying: boolean, topicPrefix: string): Promise<Set<string>> {
  // sync_outbox is not part of a rebuild's shadow schema: only asked when live.
  const rows = replaying
    ? await sql.query<{ instance_id: string }>(`SELECT instance_id FROM ${INSTANCES_TABLE} WHERE instance_id = ANY($1)`, [instanceIds])
    : await sql.query<{ instance_id: string }>(
        `SELECT i.instance_id FROM ${INSTANCES_TABLE} i
         WHERE i.instance_id = ANY($1)
           AND (i.cycle_id IS NOT NULL OR i.last_snapshot_at IS NOT NULL OR i.logged_out_at IS NOT NULL OR i.snapshot_blocked
                OR EXISTS (SELECT 1 FROM sync_outbox o WHERE o.topic_prefix = $2 AND o.instance_id = i.instance_id AND o.kind = $3))`,
        [instanceIds, topicPrefix, OutboxJobKind.SnapshotBootstrap],
      );
  return new Set(rows.map((row) => row.instance_id));
}
