import { Sql } from '../../database/sql';
import { OutboxJobKind } from '../../outbox/outbox-job';
import { INSTANCES_TABLE } from './instances.store';
import { SyncChange } from './sync-changes';

/** The row facts that rule a bootstrap out for good (a new cycle only ever adds a cycle id). */
const SETTLED = 'i.cycle_id IS NOT NULL OR i.last_snapshot_at IS NOT NULL OR i.logged_out_at IS NOT NULL OR i.snapshot_blocked';

/**
 * Keeps the busy topics cheap: a `seen` change matters only for an instance without a row (it is
 * created) or one that may still need its bootstrap snapshot. One sighting per instance is kept;
 * instances whose row rules the bootstrap out, or that have one queued, are dropped — found with
 * one indexed query, and remembered (live) once their row settles it, so a batch of messages for
 * known instances costs sync-state no query at all.
 */
export class Sightings {
  /**
   * Instances with a SETTLED row fact or a committed bootstrap job, seen live. Safe to remember:
   * neither goes back (a logout or a refusal is only lifted by a new cycle or a snapshot, SETTLED
   * too; outbox rows stay), and a row fact is either committed by another batch or written earlier
   * in this one — which a redelivery of the batch writes again. Not used while replaying.
   */
  private readonly settled = new Set<string>();

  constructor(private readonly topicPrefix: string) {}

  async relevant(sql: Sql, changes: SyncChange[], replaying: boolean): Promise<SyncChange[]> {
    const sighted = new Set<string>();
    const others = new Set<string>();
    for (const change of changes) (change.type === 'seen' ? sighted : others).add(change.instanceId);
    if (sighted.size === 0) return changes;
    const known = replaying ? new Set<string>() : this.settled;
    const candidates = [...sighted].filter((id) => !others.has(id) && !known.has(id));
    const idle = candidates.length === 0 ? new Set<string>() : await this.idleInstances(sql, candidates, replaying);
    const kept = new Set<string>();
    return changes.filter((change) => {
      if (change.type !== 'seen') return true;
      const id = change.instanceId;
      if (others.has(id) || known.has(id) || idle.has(id) || kept.has(id)) return false;
      kept.add(id);
      return true;
    });
  }

  /** Instances with a row a sighting cannot change (a replay decides no bootstrap, so any row will do). */
  private async idleInstances(sql: Sql, instanceIds: string[], replaying: boolean): Promise<Set<string>> {
    if (replaying) {
      const rows = await sql.query<{ instance_id: string }>(`SELECT instance_id FROM ${INSTANCES_TABLE} WHERE instance_id = ANY($1)`, [instanceIds]);
      return new Set(rows.map((row) => row.instance_id));
    }
    // sync_outbox is not part of a rebuild's shadow schema: only asked when live.
    // A bootstrap row created before this transaction (created_at < now(), the transaction's start)
    // is committed, so it settles the instance too; one queued by this very transaction does not yet.
    const rows = await sql.query<{ instance_id: string; settled: boolean }>(
      `SELECT i.instance_id, (${SETTLED} OR coalesce(b.created_at < now(), false)) AS settled
       FROM ${INSTANCES_TABLE} i
       LEFT JOIN LATERAL (SELECT min(o.created_at) AS created_at FROM sync_outbox o
                          WHERE o.topic_prefix = $2 AND o.instance_id = i.instance_id AND o.kind = $3) b ON true
       WHERE i.instance_id = ANY($1) AND (${SETTLED} OR b.created_at IS NOT NULL)`,
      [instanceIds, this.topicPrefix, OutboxJobKind.SnapshotBootstrap],
    );
    for (const row of rows) if (row.settled) this.settled.add(row.instance_id);
    return new Set(rows.map((row) => row.instance_id));
  }
}
