import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ensureDatabase } from '../../src/database/ensure-database';
import { eventually } from '../support/database';
import { envelope, uniqueInstance } from '../support/events';
import { postWebhook } from '../support/http';
import { startTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { TlsPostgres } from '../support/tls-postgres';

const SECRET = 'postgres-tls-signing-secret';
const SOME_OTHER_CA = '/etc/ssl/certs/ISRG_Root_X1.pem';

/** Whether the session the client is on is encrypted, from the server's side. */
async function sessionEncrypted(client: { query: (sql: string) => Promise<unknown> }): Promise<boolean> {
  const result = (await client.query('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()')) as { rows?: { ssl: boolean }[] } | { ssl: boolean }[];
  const rows = Array.isArray(result) ? result : result.rows!;
  return rows[0].ssl;
}

/**
 * Postgres TLS through DATABASE_URL only (`sslmode`, `sslrootcert`, as node-postgres reads them),
 * against a TLS-only server whose certificate names `localhost` (and no IP address).
 */
describe('Postgres TLS (DATABASE_URL)', () => {
  const server = new TlsPostgres();

  beforeAll(() => server.start(), 180_000);
  afterAll(() => server.stop(), 60_000);

  it('sslmode=verify-full with sslrootcert: the service creates its database, migrates and projects over an encrypted session', async () => {
    const databaseUrl = server.url('wsapi_sync_tls', 'localhost', `sslmode=verify-full&sslrootcert=${server.caFile}`);
    const running = await startTestApp(testConfig({ DATABASE_URL: databaseUrl, WSAPI_SIGNING_SECRET: SECRET, KAFKA_TOPIC_PARTITIONS: '1' }));
    try {
      const instance = uniqueInstance();
      const body = envelope(instance, 'message', { id: 'M-tls', chatId: '15550002@s.whatsapp.net', time: '2026-03-01T10:00:00Z', sender: { id: '15550002@s.whatsapp.net', isMe: false }, type: 'text', text: 'hi' }, '2026-03-01T10:00:00Z');
      expect((await postWebhook(running.baseUrl, body, SECRET)).status).toBe(200);
      const dataSource = running.app.get(DataSource);
      await eventually(async () => expect(await dataSource.query('SELECT id FROM messages WHERE instance_id = $1', [instance])).toEqual([{ id: 'M-tls' }]));
      expect(await sessionEncrypted(dataSource)).toBe(true);
      // Every session the service holds (the pool of the projections, migrations, health) is encrypted.
      const sessions = await dataSource.query("SELECT bool_and(s.ssl) AS all_ssl, count(*)::int AS n FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) WHERE a.application_name = 'wsapi-sync'");
      expect(sessions[0]).toMatchObject({ all_ssl: true, n: expect.any(Number) });
    } finally {
      await running.close();
    }
  });

  it('verify-ca (libpq meaning, uselibpqcompat=true) accepts the CA-signed certificate on 127.0.0.1, which it does not name', async () => {
    const databaseUrl = server.url('wsapi_sync_tls_ca', '127.0.0.1', `sslmode=verify-ca&sslrootcert=${server.caFile}&uselibpqcompat=true`);
    expect(await ensureDatabase(databaseUrl)).toBe(true); // the maintenance connection, over TLS
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      expect(await sessionEncrypted(client)).toBe(true);
    } finally {
      await client.end();
    }
  });

  it.each([
    ['verify-full on 127.0.0.1 (the certificate names localhost only)', '127.0.0.1', `sslmode=verify-full&sslrootcert=CA`, /IP: 127\.0\.0\.1 is not in the cert's list/],
    ['node-postgres reads verify-ca as verify-full without uselibpqcompat', '127.0.0.1', `sslmode=verify-ca&sslrootcert=CA`, /IP: 127\.0\.0\.1 is not in the cert's list/],
    ['a CA that did not sign the server certificate', 'localhost', `sslmode=verify-full&sslrootcert=${SOME_OTHER_CA}`, /self-signed certificate in certificate chain|unable to (get local issuer|verify the first) certificate/],
    ['no TLS at all (the server refuses plaintext, so the passes above were encrypted)', '127.0.0.1', 'sslmode=disable', /no pg_hba\.conf entry .* no encryption/],
  ] as const)('refuses %s', async (_case, host, query, error) => {
    await expect(ensureDatabase(server.url('wsapi_sync_tls_refused', host, query.replace('=CA', `=${server.caFile}`)))).rejects.toThrow(error);
  });
});
