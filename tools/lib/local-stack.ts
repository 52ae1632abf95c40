import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository root: the nearest folder above this file (compiled or not) with the scripts/ the stack needs. */
export const REPO_ROOT = findUp(__dirname);

function findUp(from: string): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) if (existsSync(join(dir, 'scripts/kafka/kafka.sh'))) return dir;
  throw new Error(`no repository root above ${from}`);
}

/** What `npm start` relies on: the local Kafka broker (left running afterwards) and Postgres. */
export function ensureLocalStack(): void {
  execFileSync('bash', [join(REPO_ROOT, 'scripts/kafka/kafka.sh'), 'start'], { stdio: 'inherit', timeout: 180_000 });
  execFileSync('bash', [join(REPO_ROOT, 'scripts/postgres.sh'), 'ensure'], { stdio: 'inherit', timeout: 60_000 });
}

export { recreateDatabase } from './recreate-database';

/** A database URL on the same server as DATABASE_URL (or the local default), with another name. */
export function databaseUrlNamed(name: string): string {
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/wsapi_sync');
  url.pathname = `/${name}`;
  return url.toString();
}

export const KAFKA_BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
