import { Client } from 'pg';
import { TEST_DATABASE_URL } from './test-config';

/** A plain pg client on the test database (or another), for asserting on the read models as an analyst would. */
export async function testDatabase(databaseUrl = TEST_DATABASE_URL): Promise<Client> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  return client;
}

/** Polls until `check` stops throwing (its last error is rethrown at the deadline). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 30_000, intervalMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}
