import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigValidationError, loadAppConfig } from '../../src/config/app-config';

/** The configuration's checks of the PEM files it is given (they read real files, so not a unit spec). */
describe('certificate files in the configuration', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wsapi-config-'));
  const CERT = join(dir, 'cert.pem');
  const KEY = join(dir, 'key.pem');
  const GARBAGE = join(dir, 'garbage.pem');

  beforeAll(() => {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', KEY, '-out', CERT, '-days', '1', '-subj', '/CN=test'], { stdio: 'pipe' });
    writeFileSync(GARBAGE, 'not a certificate');
  });

  it('accepts a CA, a client certificate and its key', () => {
    expect(() => loadAppConfig({ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: CERT, KAFKA_SSL_CERT_FILE: CERT, KAFKA_SSL_KEY_FILE: KEY })).not.toThrow();
    expect(() => loadAppConfig({ DATABASE_URL: `postgres://h/db?sslmode=verify-full&sslrootcert=${CERT}&sslcert=${CERT}&sslkey=${KEY}` })).not.toThrow();
  });

  it.each([
    [() => ({ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: '/nonexistent.pem' }), /KAFKA_SSL_CA_FILE: cannot read \/nonexistent\.pem \(ENOENT\)/],
    [() => ({ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: GARBAGE }), /KAFKA_SSL_CA_FILE: .*garbage\.pem is not a usable PEM file/],
    [() => ({ KAFKA_SSL: 'true', KAFKA_SSL_CERT_FILE: CERT }), /KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE go together/],
    [() => ({ KAFKA_SSL: 'true', KAFKA_SSL_CERT_FILE: CERT, KAFKA_SSL_KEY_FILE: CERT }), /KAFKA_SSL_KEY_FILE: .* is not a usable PEM file/],
    [() => ({ DATABASE_URL: 'postgres://h/db?sslmode=verify-full&sslrootcert=/nonexistent.pem' }), /DATABASE_URL sslrootcert: cannot read \/nonexistent\.pem/],
    [() => ({ DATABASE_URL: `postgres://h/db?sslmode=verify-full&sslrootcert=${GARBAGE}` }), /DATABASE_URL sslrootcert: .* is not a usable PEM file/],
  ])('refuses case %#, naming the variable', (env, message) => {
    expect(() => loadAppConfig(env())).toThrow(ConfigValidationError);
    expect(() => loadAppConfig(env())).toThrow(message);
  });
});
