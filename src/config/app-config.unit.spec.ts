import { ConfigValidationError, loadAppConfig } from './app-config';

describe('loadAppConfig', () => {
  it('applies the documented defaults to an empty environment', () => {
    const config = loadAppConfig({});
    expect(config).toMatchObject({
      PORT: 3000,
      KAFKA_BROKERS: '127.0.0.1:9092',
      KAFKA_TOPIC_PREFIX: 'wsapi',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/wsapi_sync',
      WSAPI_BASE_URL: 'https://api.wsapi.chat',
      HISTORY_SYNC_DEFAULT: false,
      ROLE: 'all',
    });
    expect(config.WSAPI_SIGNING_SECRET).toBeUndefined();
  });

  it('converts numbers and booleans from their string form', () => {
    const config = loadAppConfig({ PORT: '8080', HISTORY_SYNC_DEFAULT: 'true', KAFKA_TOPIC_PARTITIONS: '3' });
    expect(config.PORT).toBe(8080);
    expect(config.HISTORY_SYNC_DEFAULT).toBe(true);
    expect(config.KAFKA_TOPIC_PARTITIONS).toBe(3);
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['KAFKA_BROKERS', 'localhost'],
    ['KAFKA_TOPIC_PREFIX', 'bad prefix'],
    ['DATABASE_URL', 'mysql://x/y'],
    ['WSAPI_BASE_URL', 'not a url'],
    ['HISTORY_SYNC_DEFAULT', 'maybe'],
    ['ADMIN_TOKEN', 'short'],
    ['WSAPI_INSTANCE_SECRETS', '{"ins_a": 42}'],
    ['WSAPI_INSTANCE_SECRETS', '{not json}'],
    ['ROLE', 'everything'],
    ['SNAPSHOT_RETRY_WINDOW_MS', '10'],
    ['SNAPSHOT_BOOTSTRAP_DELAY_MS', '-1'],
    ['SNAPSHOT_RECONCILE_INTERVAL_MS', '500'],
    ['SNAPSHOT_RECONCILE_INTERVAL_MS', 'daily'],
    ['SNAPSHOT_MAX_CONCURRENCY', '0'],
  ])('rejects %s=%s naming the variable', (name, value) => {
    expect(() => loadAppConfig({ [name]: value })).toThrow(ConfigValidationError);
    expect(() => loadAppConfig({ [name]: value })).toThrow(new RegExp(name));
  });

  it('reports every bad variable at once', () => {
    try {
      loadAppConfig({ PORT: 'x', KAFKA_BROKERS: 'nope' });
      fail('expected a ConfigValidationError');
    } catch (error) {
      expect((error as ConfigValidationError).problems.join('\n')).toMatch(/PORT[\s\S]*KAFKA_BROKERS|KAFKA_BROKERS[\s\S]*PORT/);
    }
  });

  it('snapshot scheduling: defaults, and 0 turns the reconcile off', () => {
    expect(loadAppConfig({})).toMatchObject({
      SNAPSHOT_RETRY_WINDOW_MS: 6 * 3600 * 1000,
      SNAPSHOT_BOOTSTRAP_DELAY_MS: 60_000,
      SNAPSHOT_RECONCILE_INTERVAL_MS: 86_400_000,
      SNAPSHOT_MAX_CONCURRENCY: 4,
    });
    expect(loadAppConfig({ SNAPSHOT_RECONCILE_INTERVAL_MS: '0' }).SNAPSHOT_RECONCILE_INTERVAL_MS).toBe(0);
  });

  it('ignores unrelated environment variables', () => {
    expect(() => loadAppConfig({ PATH: '/usr/bin', HOME: '/root' })).not.toThrow();
  });
});
