import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { Projection, SourceEvent } from '../../src/projections/engine/projection';

/** One event as a projection sees it; `instanceId` is filled in per replay. */
export type TestEvent = Omit<SourceEvent, 'topic' | 'partition' | 'offset' | 'instanceId'>;

/**
 * Applies the events straight through decode + apply, in the given order and batch size, one
 * transaction per batch like the engine (no Kafka: this is about the merge rules and the SQL).
 */
export async function applyInBatches(db: Client, projection: Projection, instanceId: string, events: TestEvent[], batchSize: number): Promise<void> {
  const sql = { query: async (text: string, values?: unknown[]) => (await db.query(text, values)).rows };
  for (let start = 0; start < events.length; start += batchSize) {
    const batch = events.slice(start, start + batchSize).map((event, index) => ({ ...event, instanceId, topic: 't', partition: 0, offset: String(start + index) }));
    await db.query('BEGIN');
    try {
      await projection.apply(batch.flatMap((event) => projection.decode(event)), { sql, replaying: false });
      await db.query('COMMIT');
    } catch (error) {
      await db.query('ROLLBACK');
      throw error;
    }
  }
}

/** `count` shuffles of the events, reproducible (a fixed-seed generator), the given order first. */
export function shuffles<T>(items: T[], count: number, seed = 42): T[][] {
  let state = seed;
  const random = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
  const orders = [items];
  while (orders.length < count) {
    const order = [...items];
    for (let i = order.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    orders.push(order);
  }
  return orders;
}

/**
 * The property every projection spec asserts: applying the events in `count` shuffled orders,
 * with batch sizes 1, 2 and 3 in turn, each into a fresh instance, gives identical read models
 * (`read` returns them for one instance, without instance ids). Returns that one result.
 */
export async function sameResultInEveryOrder<T>(db: Client, projection: Projection, events: TestEvent[], read: (instanceId: string) => Promise<T>, count = 12): Promise<T> {
  const results: T[] = [];
  for (const [n, order] of shuffles(events, count).entries()) {
    const instance = `ins_order_${randomUUID().slice(0, 8)}`;
    await applyInBatches(db, projection, instance, order, 1 + (n % 3));
    results.push(await read(instance));
  }
  for (const result of results) expect(result).toEqual(results[0]);
  return results[0];
}
