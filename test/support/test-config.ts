import { randomBytes } from 'node:crypto';
import { AppConfig, loadAppConfig } from '../../src/config/app-config';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/wsapi_sync_test';

/** A config for one spec file: its own topic prefix, so specs never see each other's records. */
export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  return loadAppConfig({
    PORT: '0',
    KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
    KAFKA_TOPIC_PREFIX: uniquePrefix(),
    KAFKA_TOPIC_PARTITIONS: '3',
    DATABASE_URL: TEST_DATABASE_URL,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
    ...overrides,
  });
}

export function uniquePrefix(): string {
  return `t${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}
