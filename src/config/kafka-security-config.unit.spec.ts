import { ConfigValidationError, loadAppConfig } from './app-config';

/** The problems loadAppConfig reports for an environment. */
function configProblems(env: Record<string, string>): string {
  try {
    loadAppConfig(env);
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.problems.join('\n');
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
}

/** The rules that need no file; those about certificate files are in test/security/kafka-config-files. */
describe('Kafka security, durability and DATABASE_URL TLS settings', () => {
  it('defaults to plaintext without SASL, and min.insync.replicas 1', () => {
    expect(loadAppConfig({})).toMatchObject({ KAFKA_SSL: false, KAFKA_SSL_REJECT_UNAUTHORIZED: true, KAFKA_MIN_INSYNC_REPLICAS: 1 });
    expect(loadAppConfig({}).KAFKA_SASL_MECHANISM).toBeUndefined();
  });

  it('accepts SASL over TLS with the mechanism in any case', () => {
    const config = loadAppConfig({ KAFKA_SSL: 'true', KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' });
    expect(config.KAFKA_SASL_MECHANISM).toBe('scram-sha-512');
  });

  it.each([
    [{ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u' }, /KAFKA_SASL_PASSWORD is required when KAFKA_SASL_MECHANISM is plain/],
    [{ KAFKA_SASL_MECHANISM: 'scram-sha-256', KAFKA_SASL_PASSWORD: 'p' }, /KAFKA_SASL_USERNAME is required/],
    [{ KAFKA_SASL_MECHANISM: 'gssapi' }, /KAFKA_SASL_MECHANISM must be one of plain, scram-sha-256, scram-sha-512/],
    [{ KAFKA_SASL_PASSWORD: 'p' }, /KAFKA_SASL_PASSWORD is set but KAFKA_SASL_MECHANISM is not/],
    [{ KAFKA_SSL_CA_FILE: '/etc/ca.pem' }, /KAFKA_SSL_CA_FILE is set but KAFKA_SSL is off/],
    [{ KAFKA_SSL_KEY_PASSWORD: 'k' }, /KAFKA_SSL_KEY_PASSWORD is set but KAFKA_SSL is off/],
    [{ KAFKA_REPLICATION_FACTOR: '2', KAFKA_MIN_INSYNC_REPLICAS: '3' }, /KAFKA_MIN_INSYNC_REPLICAS \(3\) must not exceed KAFKA_REPLICATION_FACTOR \(2\)/],
    [{ KAFKA_MIN_INSYNC_REPLICAS: '0' }, /KAFKA_MIN_INSYNC_REPLICAS/],
    [{ DATABASE_URL: 'postgres://h/db?sslmode=strict' }, /DATABASE_URL: sslmode must be one of/],
  ])('refuses %j naming the variable', (env, message) => {
    expect(configProblems(env)).toMatch(message);
  });

  it('never repeats a secret in its messages', () => {
    const text = configProblems({ ADMIN_TOKEN: 'short-token', DATABASE_URL: 'mysql://user:db-password@h/db', KAFKA_SSL: 'maybe' });
    expect(text).toMatch(/ADMIN_TOKEN/);
    expect(text).toMatch(/DATABASE_URL/);
    expect(text).not.toContain('short-token');
    expect(text).not.toContain('db-password');
  });
});
