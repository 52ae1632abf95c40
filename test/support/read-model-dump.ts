import { Client } from 'pg';

/** The read models whose content must not depend on crashes, replays or arrival order. */
export const READ_MODEL_TABLES = ['contacts', 'chats', 'groups', 'group_participants', 'messages', 'messages_lid_map'];

/** Every row of every read model that exists, ordered by primary key, as comparable JSON. */
export async function dumpReadModels(databaseUrl: string, tables = READ_MODEL_TABLES, schema = 'public'): Promise<Record<string, unknown[]>> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const dump: Record<string, unknown[]> = {};
    for (const table of tables) {
      const exists = await client.query('SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2', [schema, table]);
      if (!exists.rowCount) continue;
      const { rows } = await client.query(`SELECT to_jsonb(t) AS row FROM "${schema}"."${table}" t ORDER BY to_jsonb(t)::text`);
      dump[table] = rows.map((r) => r.row);
    }
    return dump;
  } finally {
    await client.end();
  }
}

export { recreateDatabase } from '../../tools/lib/recreate-database';
