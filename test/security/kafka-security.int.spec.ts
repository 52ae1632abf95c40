import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { Client } from 'pg';
import { loadAppConfig } from '../../src/config/app-config';
import { createKafka, kafkaSecurity } from '../../src/kafka/kafka-client';
import { topicName } from '../../src/kafka/topics';
import { EventCategory } from '../../src/wsapi/event-types';
import { eventually, testDatabase } from '../support/database';
import { envelope, uniqueInstance } from '../support/events';
import { postWebhook } from '../support/http';
import { SecureListener, secureBroker } from '../support/secure-broker';
import { ensureBuilt } from '../support/service-process';
import { startTestApp } from '../support/test-app';
import { TEST_DATABASE_URL, testConfig, uniquePrefix } from '../support/test-config';
import { readRecords } from '../support/topic-reader';

const SECRET = 'kafka-security-signing-secret';
/** A real CA, just not the one that signed the broker's certificate. */
const SOME_OTHER_CA = '/etc/ssl/certs/ISRG_Root_X1.pem';
const ENTRY = join(__dirname, '../../dist/src/main.js');

interface Exit {
  code: number | null;
  output: string;
  /** Whether a webhook sent while it was starting got a 200 (it must not). */
  accepted: boolean;
}

/** Starts the compiled service and waits for it to give up; posts webhooks meanwhile. */
function runUntilExit(env: Record<string, string>, timeoutMs = 60_000): Promise<Exit> {
  const port = 41000 + Math.floor(Math.random() * 2000);
  const child = spawn(process.execPath, [ENTRY], { env: { ...process.env, PORT: String(port), LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let accepted = false;
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const poster = setInterval(() => {
    postWebhook(`http://127.0.0.1:${port}`, envelope(uniqueInstance(), 'logged_out', {}, new Date().toISOString()), SECRET)
      .then((response) => (accepted ||= response.status === 200))
      .catch(() => undefined); // not listening (yet): what a refused start looks like
  }, 250);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`service still running after ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      clearInterval(poster);
      resolve({ code, output, accepted });
    });
  });
}

/**
 * Every Kafka client of the service over TLS against a broker that accepts nothing else: SASL
 * PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512 on its SASL_SSL listener, a client certificate on its
 * mTLS listener. The broker is started here and stopped at the end.
 */
describe('Kafka TLS and SASL (scripts/kafka/secure-broker.sh)', () => {
  let db: Client;

  beforeAll(async () => {
    ensureBuilt();
    secureBroker.run('start');
    db = await testDatabase();
  }, 180_000);
  afterAll(async () => {
    await db?.end();
    secureBroker.run('stop');
  }, 60_000);

  it.each<SecureListener>(['plain', 'scram-sha-256', 'scram-sha-512', 'mtls'])(
    'with %s, a webhook is answered 200, lands on its topic and in the read model',
    async (listener) => {
      const config = testConfig({ ...secureBroker.env(listener), WSAPI_SIGNING_SECRET: SECRET, KAFKA_TOPIC_PARTITIONS: '1' });
      const running = await startTestApp(config);
      try {
        const instance = uniqueInstance();
        const body = envelope(instance, 'message', { id: `M-${listener}`, chatId: '15550001@s.whatsapp.net', time: '2026-03-01T10:00:00Z', sender: { id: '15550001@s.whatsapp.net', isMe: false }, type: 'text', text: 'over TLS' }, '2026-03-01T10:00:00Z');
        expect((await postWebhook(running.baseUrl, body, SECRET)).status).toBe(200);

        const kafka = createKafka(config.KAFKA_BROKERS, 'kafka-security-spec', kafkaSecurity(config));
        const records = await readRecords(kafka, [topicName(config.KAFKA_TOPIC_PREFIX, EventCategory.Messages)], 1);
        expect(records.map((record) => record.value.toString())).toEqual([body]);

        await eventually(async () => {
          const { rows } = await db.query('SELECT id FROM messages WHERE instance_id = $1', [instance]);
          expect(rows).toEqual([{ id: `M-${listener}` }]);
        });
        const health = await fetch(`${running.baseUrl}/health`);
        expect(health.status).toBe(200);
      } finally {
        await running.close();
      }
    },
    120_000,
  );

  it('after the password is rotated on the broker, webhooks get 503 (never 200) and /health names the refused authentication', async () => {
    const config = testConfig({ ...secureBroker.env('plain'), ROLE: 'ingress', WSAPI_SIGNING_SECRET: SECRET, PUBLISH_TIMEOUT_MS: '3000' });
    const running = await startTestApp(config);
    try {
      const post = () => postWebhook(running.baseUrl, envelope(uniqueInstance(), 'logged_out', {}, new Date().toISOString()), SECRET);
      expect((await post()).status).toBe(200);

      // New PLAIN password, broker restarted: the service's connections drop and must log in again.
      await promisify(execFile)('bash', [join(__dirname, '../../scripts/kafka/secure-broker.sh'), 'rotate-plain-password'], { timeout: 150_000 });

      for (let i = 0; i < 3; i++) expect(await post()).toMatchObject({ status: 503, body: { error: 'KAFKA_UNAVAILABLE' } });
      const health = await fetch(`${running.baseUrl}/health`);
      expect(health.status).toBe(503);
      expect(JSON.stringify(await health.json())).toMatch(/SASL PLAIN authentication failed/);
    } finally {
      await running.close();
    }
  }, 180_000);

  it('a wrong password stops start-up at once with a clear error, never a 200, and never prints the password', async () => {
    const env = secureBroker.env('scram-sha-256');
    const wrongPassword = secureBroker.env('scram-sha-512').KAFKA_SASL_PASSWORD; // a real password, of another mechanism
    const started = Date.now();
    const exit = await runUntilExit({ ...env, KAFKA_SASL_PASSWORD: wrongPassword, KAFKA_TOPIC_PREFIX: uniquePrefix(), DATABASE_URL: TEST_DATABASE_URL, WSAPI_SIGNING_SECRET: SECRET });

    expect(exit.code).not.toBe(0);
    expect(exit.output).toMatch(/refused SASL scram-sha-256 authentication as user "wsapi".*Check KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD/);
    expect(exit.output).not.toContain(wrongPassword);
    expect(exit.output).not.toContain(env.KAFKA_SASL_PASSWORD);
    expect(exit.accepted).toBe(false);
    expect(Date.now() - started).toBeLessThan(20_000); // not after kafkajs's ~50 s of retries
  });

  it('a CA that did not sign the broker certificate stops start-up, naming KAFKA_SSL_CA_FILE', async () => {
    const exit = await runUntilExit({ ...secureBroker.env('scram-sha-512'), KAFKA_SSL_CA_FILE: SOME_OTHER_CA, KAFKA_TOPIC_PREFIX: uniquePrefix(), DATABASE_URL: TEST_DATABASE_URL, WSAPI_SIGNING_SECRET: SECRET });

    expect(exit.code).not.toBe(0);
    expect(exit.output).toMatch(/TLS with Kafka \(127\.0\.0\.1:\d+\) failed: .*self-signed certificate in certificate chain.*Check KAFKA_SSL_CA_FILE/);
    expect(exit.accepted).toBe(false);
  });

  it('the mTLS listener really requires a client certificate', async () => {
    const { KAFKA_SSL_CERT_FILE: _cert, KAFKA_SSL_KEY_FILE: _key, ...withoutCertificate } = secureBroker.env('mtls');
    const settings = loadAppConfig(withoutCertificate);
    const admin = createKafka(settings.KAFKA_BROKERS, 'kafka-security-spec', kafkaSecurity(settings)).admin({ retry: { retries: 0 } });
    const refused = await admin.connect().then(() => undefined, (error: { cause?: unknown }) => error.cause);
    await admin.disconnect();
    expect(refused).toMatchObject({ name: 'KafkaJSConnectionError', code: expect.stringMatching(/^ERR_SSL_.*(BAD_CERTIFICATE|CERTIFICATE_REQUIRED)/) });
  });

  it.each([
    [{ KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'wsapi' }, /KAFKA_SASL_PASSWORD is required when KAFKA_SASL_MECHANISM is scram-sha-512/],
    [{ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: '/nonexistent/ca.pem' }, /KAFKA_SSL_CA_FILE: cannot read \/nonexistent\/ca\.pem \(ENOENT\)/],
  ])('stops start-up with exit 78 naming the variable: %j', async (env, message) => {
    const exit = await runUntilExit({ KAFKA_BROKERS: '127.0.0.1:1', ...env });
    expect(exit.code).toBe(78);
    expect(exit.output).toMatch(message);
  });
});
