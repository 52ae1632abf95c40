import { eventually } from '../support/database';
import { envelope, uniqueInstance } from '../support/events';
import { FakeWsapi } from '../support/fake-wsapi';
import { postWebhook } from '../support/http';
import { secureBroker } from '../support/secure-broker';
import { ensureBuilt, ServiceProcess } from '../support/service-process';
import { TEST_DATABASE_URL, uniquePrefix } from '../support/test-config';

const SIGNING_SECRET = 'signing-secret-7f3a9c';
const API_KEY = 'api-key-91bd22e0';
const ADMIN_TOKEN = 'admin-token-5e8d1f0c42';
const MESSAGE_TEXT = 'private words 0x5f1d';

/**
 * The service's real stdout: structured lines that name events, and never secrets or message
 * texts. It runs against the TLS broker with SCRAM, so the Kafka password is among the secrets.
 */
describe('logs', () => {
  let wsapi: FakeWsapi;
  let service: ServiceProcess;
  let kafkaEnv: Record<string, string>;

  beforeAll(async () => {
    ensureBuilt();
    secureBroker.run('start');
    kafkaEnv = secureBroker.env('scram-sha-512');
    wsapi = await new FakeWsapi().script('POST /session/flush-history', { status: 202, body: { status: 'ok' } }).start();
    service = new ServiceProcess({
      ...kafkaEnv,
      KAFKA_TOPIC_PREFIX: uniquePrefix(),
      DATABASE_URL: TEST_DATABASE_URL,
      WSAPI_BASE_URL: wsapi.baseUrl,
      WSAPI_API_KEY: API_KEY,
      WSAPI_SIGNING_SECRET: SIGNING_SECRET,
      ADMIN_TOKEN,
      HISTORY_SYNC_DEFAULT: 'true',
      LOG_LEVEL: 'info',
    });
    service.start();
    await eventually(async () => expect((await fetch(`http://127.0.0.1:${service.port}/health/live`)).status).toBe(200), 60_000, 200);
  }, 180_000);
  afterAll(async () => {
    await service?.kill();
    await wsapi?.stop();
    secureBroker.run('stop');
  }, 60_000);

  it('names events in structured fields, and leaks no secret and no message text', async () => {
    const baseUrl = `http://127.0.0.1:${service.port}`;
    const instance = uniqueInstance();
    const message = envelope(instance, 'message', { id: 'M1', chatId: '1555@s.whatsapp.net', time: '2026-03-01T10:00:00Z', sender: { id: '1555@s.whatsapp.net', isMe: false }, type: 'text', text: MESSAGE_TEXT }, '2026-03-01T10:00:00Z', 'evt_logged_message');
    expect((await postWebhook(baseUrl, message, SIGNING_SECRET)).status).toBe(200);
    expect((await postWebhook(baseUrl, message, 'not-the-secret')).status).toBe(401);
    const poison = envelope(instance, 'contact', { contact: { id: 7 } }, '2026-03-01T10:00:01Z', 'evt_logged_poison');
    expect((await postWebhook(baseUrl, poison, SIGNING_SECRET)).status).toBe(200);
    for (const type of ['logged_in', 'initial_sync_finished']) {
      const body = envelope(instance, type, type === 'logged_in' ? { deviceId: '1555:1@s.whatsapp.net' } : {}, new Date().toISOString());
      expect((await postWebhook(baseUrl, body, SIGNING_SECRET)).status).toBe(200);
    }
    const admin = await fetch(`${baseUrl}/admin/instances/${instance}/settings`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
      body: JSON.stringify({ historySync: true, signingSecret: 'per-instance-secret-1234' }),
    });
    expect(admin.status).toBe(200);
    await eventually(async () => expect(wsapi.requestsTo('POST /session/flush-history').length).toBe(1), 60_000);

    const lines = await eventually(async () => {
      const parsed = service.output.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line));
      expect(parsed.some((line) => line.msg === 'event sent to the dead-letter topic')).toBe(true);
      return parsed;
    });
    expect(lines.find((line) => line.msg === 'event sent to the dead-letter topic')).toMatchObject({
      projection: 'contacts',
      topic: expect.stringMatching(/\.contacts$/),
      partition: expect.any(Number),
      offset: expect.stringMatching(/^\d+$/),
      eventId: 'evt_logged_poison',
      instanceId: instance,
    });
    expect(lines.find((line) => line.eventId === 'evt_logged_message' && line.res)).toMatchObject({ instanceId: instance, eventType: 'message' });

    expect(service.output).toContain('"KafkaModule"'); // it did log about Kafka, just not the password
    for (const secret of [SIGNING_SECRET, API_KEY, ADMIN_TOKEN, 'per-instance-secret-1234', MESSAGE_TEXT, kafkaEnv.KAFKA_SASL_PASSWORD]) {
      expect(service.output).not.toContain(secret);
    }
  });
});
