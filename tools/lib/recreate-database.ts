import { onMaintenanceDatabase } from '../../src/database/ensure-database';
import { quoteIdentifier } from '../../src/database/sql';

// For the specs, the demo, the soak run and the benchmarks. Not in src/: the service itself never
// drops a database (it only creates a missing one, ensureDatabase).

/** Drops the database named in the URL, closing its connections; nothing if it does not exist. */
export function dropDatabase(databaseUrl: string): Promise<void> {
  return onMaintenanceDatabase(databaseUrl, async (client, name) => {
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
  });
}

/** Drops (closing its connections) and creates the database named in the URL: an empty one. */
export async function recreateDatabase(databaseUrl: string): Promise<void> {
  await dropDatabase(databaseUrl);
  await onMaintenanceDatabase(databaseUrl, (client, name) => client.query(`CREATE DATABASE ${quoteIdentifier(name)}`));
}
