import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { ALL_MIGRATIONS } from '../../migrations';
import { dropDatabase } from '../../tools/lib/recreate-database';
import { TEST_DATABASE_URL } from '../support/test-config';

const ROOT = join(__dirname, '../..');
const SCRIPT = join(ROOT, 'dist/src/database/run-migrations.js');

/** A database of its own on the test server, so its migrations start from nothing. */
const FRESH_DATABASE_URL = (() => {
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `${url.pathname}_migration_run`;
  return url.toString();
})();

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the compiled `npm run migration:run` entry point with DATABASE_URL set. */
async function migrationRun(databaseUrl: string): Promise<Outcome> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [SCRIPT], { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl }, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('npm run migration:run', () => {
  beforeAll(async () => {
    if (!existsSync(SCRIPT)) await promisify(execFile)('npx', ['nest', 'build'], { cwd: ROOT, timeout: 300_000 });
    await dropDatabase(FRESH_DATABASE_URL); // a missing database is created, as the service does
  });

  afterAll(() => dropDatabase(FRESH_DATABASE_URL));

  it('creates the database, applies every migration, and then has nothing left to do', async () => {
    const first = await migrationRun(FRESH_DATABASE_URL);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toContain('created the database');
    expect(first.stdout).toContain(`applied ${ALL_MIGRATIONS.map((Migration) => new Migration().name).join(', ')}`);

    const client = new Client({ connectionString: FRESH_DATABASE_URL });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT count(*)::int AS n FROM typeorm_migrations');
      expect(rows[0].n).toBe(ALL_MIGRATIONS.length);
    } finally {
      await client.end();
    }

    expect(await migrationRun(FRESH_DATABASE_URL)).toEqual({ code: 0, stdout: 'migrations: the database is up to date\n', stderr: '' });
  });

  it('exits non-zero with the reason when the database cannot be reached, or DATABASE_URL is invalid', async () => {
    const unreachable = await migrationRun('postgres://postgres@127.0.0.1:1/nowhere');
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(/^migrations failed: .*ECONNREFUSED/);

    const invalid = await migrationRun('mysql://somewhere/db');
    expect(invalid.code).toBe(78);
    expect(invalid.stderr).toContain('DATABASE_URL must be postgres://');
  });
});
