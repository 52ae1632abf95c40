import { Sql } from '../../database/sql';
import { Sightings } from './sightings';
import { SyncChange } from './sync-changes';

const seen = (instanceId: string): SyncChange => ({ instanceId, at: '2026-03-01T10:00:00.000Z', type: 'seen' });

/** Answers the idle query with the given rows and counts the queries. */
function fakeSql(rows: { instance_id: string; settled?: boolean }[]) {
  const queries: unknown[][] = [];
  const sql: Sql = { query: async <T>(_text: string, values?: unknown[]) => (queries.push(values ?? []), rows as unknown as T[]) };
  return { sql, queries };
}

describe('Sightings', () => {
  it('keeps one sighting per instance, none where another change of the batch already covers it', async () => {
    const { sql } = fakeSql([]);
    const other: SyncChange = { instanceId: 'ins_b', at: '2026-03-01T10:00:00.000Z', type: 'snapshot' };
    const kept = await new Sightings('wsapi').relevant(sql, [seen('ins_a'), seen('ins_a'), seen('ins_b'), other], false);
    expect(kept).toEqual([seen('ins_a'), other]);
  });

  it('drops idle instances and asks no more about the settled ones (live)', async () => {
    const { sql, queries } = fakeSql([{ instance_id: 'ins_a', settled: true }, { instance_id: 'ins_q', settled: false }]);
    const sightings = new Sightings('wsapi');
    expect(await sightings.relevant(sql, [seen('ins_a'), seen('ins_q'), seen('ins_new')], false)).toEqual([seen('ins_new')]);
    expect(queries[0][0]).toEqual(['ins_a', 'ins_q', 'ins_new']);
    await sightings.relevant(sql, [seen('ins_a'), seen('ins_q')], false);
    expect(queries[1][0]).toEqual(['ins_q']); // a queued bootstrap is not settled: asked again
  });

  it('while replaying, neither uses nor fills what it remembers', async () => {
    const { sql, queries } = fakeSql([]);
    const sightings = new Sightings('wsapi');
    await sightings.relevant(fakeSql([{ instance_id: 'ins_a', settled: true }]).sql, [seen('ins_a')], false);
    expect(await sightings.relevant(sql, [seen('ins_a')], true)).toEqual([seen('ins_a')]);
    expect(queries).toHaveLength(1);
  });
});
