import { Client } from 'pg';
import { quoteIdentifier } from './sql';

/**
 * Creates the database named in the URL when it does not exist yet, by connecting to the
 * server's maintenance database. Lets a fresh machine start with nothing but a running server.
 */
export function ensureDatabase(databaseUrl: string): Promise<boolean> {
  return onMaintenanceDatabase(databaseUrl, async (client, name) => {
    try {
      const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (found.rowCount) return false;
      await client.query(`CREATE DATABASE ${quoteIdentifier(name)}`);
      return true;
    } catch (error) {
      // Another process may have created it between our check and our CREATE.
      if ((error as { code?: string }).code === '42P04') return false;
      throw error;
    }
  });
}

/** Runs `work` on a connection to the server's `postgres` database, given the name the URL asks for. */
export async function onMaintenanceDatabase<T>(databaseUrl: string, work: (client: Client, name: string) => Promise<T>): Promise<T> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return await work(client, name);
  } finally {
    await client.end();
  }
}
