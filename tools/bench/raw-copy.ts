import { Client } from 'pg';

const SCHEMA = 'bench_raw';

interface Column {
  name: string;
  type: string;
}

export interface RawCopyResult {
  rows: number;
  /** Time spent in the INSERTs only (reading the source rows is not counted). */
  seconds: number;
  batchRows: number;
}

/**
 * The projection benchmark's baseline: the rows our projections wrote, written again with nothing
 * but the fastest plain bulk upsert — `INSERT … SELECT FROM unnest($1::type[], …) ON CONFLICT DO
 * NOTHING`, one statement per batch, with pg — into empty copies of the same tables
 * (`CREATE TABLE … (LIKE … INCLUDING ALL)`: same columns, keys, indexes and defaults).
 * Tries the batch sizes on a sample first and copies everything with the fastest.
 */
export async function rawCopyBaseline(databaseUrl: string, tables: string[], batchSizes = [2000, 5000, 10000]): Promise<RawCopyResult> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query(`CREATE SCHEMA IF NOT EXISTS ${SCHEMA}`);
    let best = { batchRows: batchSizes[0], perRow: Infinity };
    for (const batchRows of batchSizes) {
      const sample = await copyTables(db, tables, batchRows, 50_000);
      if (sample.rows > 0 && sample.seconds / sample.rows < best.perRow) best = { batchRows, perRow: sample.seconds / sample.rows };
    }
    const full = await copyTables(db, tables, best.batchRows, Infinity);
    return { ...full, batchRows: best.batchRows };
  } finally {
    await db.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`).catch(() => undefined);
    await db.end();
  }
}

async function copyTables(db: Client, tables: string[], batchRows: number, limitPerTable: number): Promise<{ rows: number; seconds: number }> {
  let rows = 0;
  let seconds = 0;
  for (const table of tables) {
    await db.query(`DROP TABLE IF EXISTS ${SCHEMA}."${table}"; CREATE TABLE ${SCHEMA}."${table}" (LIKE public."${table}" INCLUDING ALL)`);
    const columns = await columnsOf(db, table);
    const key = await primaryKey(db, table);
    const insert = insertStatement(table, columns, key);
    for await (const batch of readInKeyOrder(db, table, columns, key, batchRows, limitPerTable)) {
      const values = columns.map((_, i) => batch.map((row) => row[i]));
      const started = performance.now();
      await db.query(insert, values);
      seconds += (performance.now() - started) / 1000;
      rows += batch.length;
    }
  }
  return { rows, seconds };
}

function insertStatement(table: string, columns: Column[], key: string[]): string {
  const names = columns.map((column) => `"${column.name}"`).join(', ');
  const args = columns.map((column, i) => `$${i + 1}::${column.type === 'jsonb' ? 'text' : column.type}[]`).join(', ');
  const selected = columns.map((column) => (column.type === 'jsonb' ? `u."${column.name}"::jsonb` : `u."${column.name}"`)).join(', ');
  return `INSERT INTO ${SCHEMA}."${table}" (${names}) SELECT ${selected} FROM unnest(${args}) AS u(${names})
          ON CONFLICT (${key.map((name) => `"${name}"`).join(', ')}) DO NOTHING`;
}

/** The source rows as text (no JSON parsing on the way out), in primary-key order, batch by batch. */
async function* readInKeyOrder(db: Client, table: string, columns: Column[], key: string[], batchRows: number, limit: number): AsyncGenerator<(string | null)[][]> {
  const selected = columns.map((column) => `"${column.name}"::text`).join(', ');
  const keyList = key.map((name) => `"${name}"`).join(', ');
  const keyIndexes = key.map((name) => columns.findIndex((column) => column.name === name));
  let after: (string | null)[] | undefined;
  let read = 0;
  while (read < limit) {
    const where = after ? `WHERE (${keyList}) > (${key.map((_, i) => `$${i + 1}`).join(', ')})` : '';
    const { rows } = await db.query({ text: `SELECT ${selected} FROM public."${table}" ${where} ORDER BY ${keyList} LIMIT ${Math.min(batchRows, limit - read)}`, values: after ?? [], rowMode: 'array' });
    if (rows.length === 0) return;
    yield rows;
    read += rows.length;
    const last = rows[rows.length - 1];
    after = keyIndexes.map((index) => last[index]);
  }
}

async function columnsOf(db: Client, table: string): Promise<Column[]> {
  const { rows } = await db.query(
    `SELECT column_name AS name, format_type(a.atttypid, a.atttypmod) AS type
     FROM information_schema.columns c JOIN pg_attribute a ON a.attrelid = ('public.' || quote_ident($1))::regclass AND a.attname = c.column_name
     WHERE c.table_schema = 'public' AND c.table_name = $1 ORDER BY c.ordinal_position`,
    [table],
  );
  return rows.map((row) => ({ name: row.name, type: row.type === 'timestamp with time zone' ? 'timestamptz' : row.type }));
}

async function primaryKey(db: Client, table: string): Promise<string[]> {
  const { rows } = await db.query(
    `SELECT a.attname AS name FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
     WHERE i.indrelid = ('public.' || quote_ident($1))::regclass AND i.indisprimary ORDER BY array_position(i.indkey::int2[], a.attnum)`,
    [table],
  );
  return rows.map((row) => row.name);
}
