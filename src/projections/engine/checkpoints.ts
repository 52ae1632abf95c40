import { Sql } from '../../database/sql';

/**
 * Where each projection stands in each partition: the next offset to apply. Written in the same
 * transaction as the projection's rows, which is what makes the effect exactly-once.
 */
export async function lockCheckpoint(sql: Sql, projection: string, topic: string, partition: number): Promise<bigint> {
  // One round trip: creates the row the first time, and the no-op update locks it (as SELECT …
  // FOR UPDATE would) until the batch's transaction ends, returning where the projection stands.
  const [row] = await sql.query<{ next_offset: string }>(
    `INSERT INTO projection_checkpoints AS c (projection, topic, partition, next_offset) VALUES ($1, $2, $3, 0)
     ON CONFLICT (projection, topic, partition) DO UPDATE SET next_offset = c.next_offset
     RETURNING next_offset`,
    [projection, topic, partition],
  );
  return BigInt(row.next_offset);
}

export async function advanceCheckpoint(sql: Sql, projection: string, topic: string, partition: number, nextOffset: bigint): Promise<void> {
  await sql.query(
    `UPDATE projection_checkpoints SET next_offset = $4, updated_at = now()
     WHERE projection = $1 AND topic = $2 AND partition = $3`,
    [projection, topic, partition, nextOffset.toString()],
  );
}

export async function readCheckpoints(sql: Sql, projection: string, topics: string[]): Promise<Map<string, bigint>> {
  const rows = await sql.query<{ topic: string; partition: number; next_offset: string }>(
    'SELECT topic, partition, next_offset FROM projection_checkpoints WHERE projection = $1 AND topic = ANY($2)',
    [projection, topics],
  );
  return new Map(rows.map((row) => [`${row.topic}:${row.partition}`, BigInt(row.next_offset)]));
}
