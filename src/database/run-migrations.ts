import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ConfigValidationError, loadAppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';
import { ensureDatabase } from './ensure-database';

/**
 * `npm run migration:run`: creates DATABASE_URL's database if missing and applies the migrations
 * it lacks, as the service does when it starts — for deploys that migrate before the new version
 * runs. Each migration runs in its own transaction, so a failing one leaves the earlier ones applied.
 */
export async function runMigrations(databaseUrl: string, log: (line: string) => void): Promise<string[]> {
  if (await ensureDatabase(databaseUrl)) log('created the database');
  const dataSource = new DataSource(dataSourceOptions(databaseUrl));
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}

async function main(): Promise<void> {
  const config = loadAppConfig(process.env);
  const applied = await runMigrations(config.DATABASE_URL, (line) => process.stdout.write(`${line}\n`));
  process.stdout.write(applied.length === 0 ? 'migrations: the database is up to date\n' : `migrations: applied ${applied.join(', ')}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    // The message only: a driver error's stack says nothing more, and the URL (maybe with a password) is never printed.
    process.stderr.write(error instanceof ConfigValidationError ? `${error.message}\n` : `migrations failed: ${(error as Error).message ?? String(error)}\n`);
    process.exit(error instanceof ConfigValidationError ? 78 : 1); // EX_CONFIG, as the service
  });
}
