import { Kafka } from 'kafkajs';
import { allTopicSuffixes, topicName } from '../../src/kafka/topics';
import { signBody } from '../../src/wsapi/signature';
import { exampleBytes, postWebhook } from '../support/http';
import { RunningApp, startTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { countRecords, readRecords, testKafka } from '../support/topic-reader';

const DEFAULT_SECRET = 'default-secret-for-tests';
const OWN_SECRET = 'instance-7-own-secret';

describe('webhook ingress → Kafka (real broker)', () => {
  let running: RunningApp;
  let kafka: Kafka;
  let topic: (suffix: string) => string;
  let allTopics: string[];

  beforeAll(async () => {
    running = await startTestApp(
      testConfig({
        // An ingress process: no consumer or outbox worker publishes outcomes while "refusals publish nothing" counts records.
        ROLE: 'ingress',
        WSAPI_SIGNING_SECRET: DEFAULT_SECRET,
        WSAPI_INSTANCE_SECRETS: JSON.stringify({ ins_7: OWN_SECRET }),
        MAX_BODY_BYTES: String(1024 * 1024),
      }),
    );
    kafka = testKafka();
    topic = (suffix) => `${running.config.KAFKA_TOPIC_PREFIX}.${suffix}`;
    allTopics = allTopicSuffixes().map((suffix) => topicName(running.config.KAFKA_TOPIC_PREFIX, suffix));
  });

  afterAll(async () => {
    await running?.close();
  });

  it('creates every topic at start with unlimited retention and a 20 MiB record limit', async () => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const topics = await admin.listTopics();
      expect(topics).toEqual(expect.arrayContaining(allTopics));
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: 2, name: topic('history'), configNames: ['retention.ms', 'retention.bytes', 'max.message.bytes'] }],
      });
      const config = Object.fromEntries(resources[0].configEntries.map((entry) => [entry.configName, entry.configValue]));
      expect(config).toEqual({ 'retention.ms': '-1', 'retention.bytes': '-1', 'max.message.bytes': String(20 * 1024 * 1024) });
      const metadata = await admin.fetchTopicMetadata({ topics: [topic('messages')] });
      expect(metadata.topics[0].partitions).toHaveLength(3);
    } finally {
      await admin.disconnect();
    }
  });

  it('publishes a signed event byte-for-byte on its category topic, keyed by instance, with headers', async () => {
    const body = exampleBytes('message');
    const before = Date.now();
    const response = await postWebhook(running.baseUrl, body, DEFAULT_SECRET);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'accepted', topic: topic('messages'), eventType: 'message' });

    const [record] = await readRecords(kafka, [topic('messages')], 1);
    const envelope = JSON.parse(body.toString('utf8'));
    expect(record.value.equals(body)).toBe(true);
    expect(record.key).toBe(envelope.instanceId);
    expect(record.headers).toMatchObject({
      'wsapi-event-type': 'message',
      'wsapi-event-id': envelope.eventId,
      'wsapi-instance-id': envelope.instanceId,
      'wsapi-source': 'webhook',
    });
    const ingestedAt = Date.parse(record.headers['wsapi-ingested-at']);
    expect(ingestedAt).toBeGreaterThanOrEqual(before - 1000);
    expect(ingestedAt).toBeLessThanOrEqual(Date.now());
  });

  it.each([
    ['logged_in', 'session'],
    ['message_history_sync', 'history'],
    ['chat_setting', 'chats'],
    ['contact', 'contacts'],
    ['group', 'groups'],
    ['user_presence', 'presence'],
    ['call_offer', 'calls'],
    ['newsletter', 'newsletters'],
  ])('routes %s to the %s topic', async (example, suffix) => {
    const response = await postWebhook(running.baseUrl, exampleBytes(example), DEFAULT_SECRET);
    expect(response.status).toBe(200);
    expect(response.body.topic).toBe(topic(suffix));
  });

  it('accepts and keeps an event type it does not know, on the unknown topic', async () => {
    const body = JSON.stringify({ eventId: 'evt_future', instanceId: 'ins_1', eventType: 'poll_vote', eventData: { x: 1 } });
    const response = await postWebhook(running.baseUrl, body, DEFAULT_SECRET);
    expect(response.status).toBe(200);
    const [record] = await readRecords(kafka, [topic('unknown')], 1);
    expect(record.value.toString()).toBe(body);
  });

  it('checks an instance with its own secret against that secret, not the default', async () => {
    const body = JSON.stringify({ eventId: 'evt_own', instanceId: 'ins_7', eventType: 'logged_out', eventData: { reason: 'api_logout' } });
    expect((await postWebhook(running.baseUrl, body, DEFAULT_SECRET)).status).toBe(401);
    expect((await postWebhook(running.baseUrl, body, OWN_SECRET)).status).toBe(200);
  });

  describe('refusals publish nothing', () => {
    let countsBefore: Record<string, number>;

    beforeAll(async () => {
      countsBefore = await countRecords(kafka, allTopics);
    });

    it('answers 401 to a missing signature', async () => {
      const response = await postWebhook(running.baseUrl, exampleBytes('message'));
      expect(response).toMatchObject({ status: 401, body: { error: 'SIGNATURE_INVALID', message: expect.stringMatching(/required/) } });
    });

    it('answers 401 to a signature over other bytes', async () => {
      const body = exampleBytes('message');
      const response = await postWebhook(running.baseUrl, body, undefined, {
        'x-webhook-signature': signBody(Buffer.concat([body, Buffer.from(' ')]), DEFAULT_SECRET),
      });
      expect(response.status).toBe(401);
    });

    it('answers 401, not 400, to unsigned garbage (nothing is revealed before authentication)', async () => {
      expect((await postWebhook(running.baseUrl, '{not json')).status).toBe(401);
    });

    it.each([
      ['malformed JSON', '{"instanceId": "ins_1", ', /not valid JSON/],
      ['a JSON array', '[]', /JSON object/],
      ['no instanceId', '{"eventType":"message","eventData":{}}', /instanceId is required/],
      ['no eventType', '{"instanceId":"ins_1","eventData":{}}', /eventType is required/],
      ['no eventData', '{"instanceId":"ins_1","eventType":"message"}', /eventData must be an object/],
      ['an empty body', '', /not valid JSON/],
    ])('answers 400 to a signed body with %s', async (_, body, reason) => {
      const response = await postWebhook(running.baseUrl, body, DEFAULT_SECRET);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ error: 'BODY_MALFORMED', message: expect.stringMatching(reason) });
    });

    it('answers 413 to a body over MAX_BODY_BYTES', async () => {
      const padding = 'x'.repeat(1024 * 1024);
      const body = JSON.stringify({ instanceId: 'ins_1', eventType: 'message', eventData: { text: padding } });
      const response = await postWebhook(running.baseUrl, body, DEFAULT_SECRET);
      expect(response).toMatchObject({ status: 413, body: { error: 'BODY_TOO_LARGE' } });
    });

    afterAll(async () => {
      expect(await countRecords(kafka, allTopics)).toEqual(countsBefore);
    });
  });

  it('reports Kafka and Postgres as ready on /health', async () => {
    const response = await fetch(`${running.baseUrl}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', info: { kafka: { status: 'up' }, postgres: { status: 'up' } } });
  });
});
