import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigValidationError, loadAppConfig } from './app-config';

/** A self-signed certificate and its key, made once for these specs. */
const dir = mkdtempSync(join(tmpdir(), 'wsapi-config-'));
execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=test'], { stdio: 'pipe' });
writeFileSync(join(dir, 'garbage.pem'), 'not a certificate');
const CERT = join(dir, 'cert.pem');
const KEY = join(dir, 'key.pem');

const problems = (env: Record<string, string>): string => {
  try {
    loadAppConfig(env);
    return '';
  } catch (error) {
    if (!(error instanceof ConfigValidationError)) throw error;
    return error.problems.join('\n');
  }
};

describe('Kafka security, durability and DATABASE_URL TLS settings', () => {
  it('defaults to plaintext without SASL, and min.insync.replicas 1', () => {
    expect(loadAppConfig({})).toMatchObject({ KAFKA_SSL: false, KAFKA_SSL_REJECT_UNAUTHORIZED: true, KAFKA_MIN_INSYNC_REPLICAS: 1 });
    expect(loadAppConfig({}).KAFKA_SASL_MECHANISM).toBeUndefined();
  });

  it('accepts TLS with a CA, a client certificate and SASL, mechanism in any case', () => {
    const config = loadAppConfig({ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: CERT, KAFKA_SSL_CERT_FILE: CERT, KAFKA_SSL_KEY_FILE: KEY, KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' });
    expect(config.KAFKA_SASL_MECHANISM).toBe('scram-sha-512');
  });

  it.each([
    [{ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u' }, /KAFKA_SASL_PASSWORD is required when KAFKA_SASL_MECHANISM is plain/],
    [{ KAFKA_SASL_MECHANISM: 'scram-sha-256', KAFKA_SASL_PASSWORD: 'p' }, /KAFKA_SASL_USERNAME is required/],
    [{ KAFKA_SASL_MECHANISM: 'gssapi' }, /KAFKA_SASL_MECHANISM must be one of plain, scram-sha-256, scram-sha-512/],
    [{ KAFKA_SASL_PASSWORD: 'p' }, /KAFKA_SASL_PASSWORD is set but KAFKA_SASL_MECHANISM is not/],
    [{ KAFKA_SSL_CA_FILE: CERT }, /KAFKA_SSL_CA_FILE is set but KAFKA_SSL is off/],
    [{ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: '/nonexistent.pem' }, /KAFKA_SSL_CA_FILE: cannot read \/nonexistent\.pem \(ENOENT\)/],
    [{ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: join(dir, 'garbage.pem') }, /KAFKA_SSL_CA_FILE: .*garbage\.pem is not a usable PEM file/],
    [{ KAFKA_SSL: 'true', KAFKA_SSL_CERT_FILE: CERT }, /KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE go together/],
    [{ KAFKA_SSL: 'true', KAFKA_SSL_CERT_FILE: CERT, KAFKA_SSL_KEY_FILE: CERT }, /KAFKA_SSL_KEY_FILE: .* is not a usable PEM file/],
    [{ KAFKA_REPLICATION_FACTOR: '2', KAFKA_MIN_INSYNC_REPLICAS: '3' }, /KAFKA_MIN_INSYNC_REPLICAS \(3\) must not exceed KAFKA_REPLICATION_FACTOR \(2\)/],
    [{ KAFKA_MIN_INSYNC_REPLICAS: '0' }, /KAFKA_MIN_INSYNC_REPLICAS/],
    [{ DATABASE_URL: 'postgres://h/db?sslmode=verify-full&sslrootcert=/nonexistent.pem' }, /DATABASE_URL sslrootcert: cannot read \/nonexistent\.pem/],
    [{ DATABASE_URL: 'postgres://h/db?sslmode=strict' }, /DATABASE_URL: sslmode must be one of/],
  ])('refuses %j naming the variable', (env, message) => {
    expect(problems(env)).toMatch(message);
  });

  it('never repeats a secret in its messages', () => {
    const text = problems({ ADMIN_TOKEN: 'short-token', DATABASE_URL: 'mysql://user:db-password@h/db', KAFKA_SSL: 'maybe' });
    expect(text).toMatch(/ADMIN_TOKEN/);
    expect(text).toMatch(/DATABASE_URL/);
    expect(text).not.toContain('short-token');
    expect(text).not.toContain('db-password');
  });
});
