import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, testDatabase } from '../support/database';
import { envelope, uniqueInstance } from '../support/events';
import { FakeWsapi } from '../support/fake-wsapi';
import { EXAMPLES_DIR } from '../support/http';
import { RunningApp, startTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { countRecords, readRecords, testKafka } from '../support/topic-reader';

const example = (name: string) => JSON.parse(readFileSync(join(EXAMPLES_DIR, `${name}.json`), 'utf8'));

/** Pull mode against a local SSE server: events flow, a drop reconnects and reconciles, bad lines are skipped. */
describe('SSE pull-mode ingress', () => {
  const instance = uniqueInstance();
  let wsapi: FakeWsapi;
  let running: RunningApp;
  let topic: (suffix: string) => string;

  beforeAll(async () => {
    wsapi = await new FakeWsapi()
      .script('GET /contacts', { status: 200, body: example('rest-contacts') })
      .script('GET /chats', { status: 200, body: example('rest-chats') })
      .script('GET /groups', { status: 200, body: example('rest-groups') })
      .start();
    running = await startTestApp(
      testConfig({ WSAPI_BASE_URL: wsapi.baseUrl, WSAPI_API_KEY: 'sse-key', SSE_INSTANCES: instance, OUTBOX_DISPATCHER_ENABLED: 'false' }),
    );
    topic = (suffix) => `${running.config.KAFKA_TOPIC_PREFIX}.${suffix}`;
    await eventually(async () => expect(wsapi.streams.length).toBe(1));
  });
  afterAll(async () => {
    await running?.close();
    await wsapi?.stop();
  });

  it('opens one stream per instance with the API key and instance id in headers (never in the URL)', () => {
    const [request] = wsapi.requestsTo('GET /events/stream');
    expect(request.headers['x-api-key']).toBe('sse-key');
    expect(request.headers['x-instance-id']).toBe(instance);
  });

  it('publishes each data: envelope raw to its category topic, skipping malformed lines without dropping the stream', async () => {
    const first = envelope(instance, 'message', example('message').eventData, '2026-03-01T10:00:00Z', 'evt_sse_1');
    const second = envelope(instance, 'contact', example('contact').eventData, '2026-03-01T10:00:01Z', 'evt_sse_2');
    wsapi.sendToStreams(`data: ${first}\n\n`);
    wsapi.sendToStreams('data: {this is not json\n\n');
    wsapi.sendToStreams(`data: ${envelope('ins_someone_else', 'message', {}, '2026-03-01T10:00:00Z')}\n\n`);
    wsapi.sendToStreams(`data: ${second}\n\n`);

    const [message] = await readRecords(testKafka(), [topic('messages')], 1);
    expect(message.value.toString()).toBe(first);
    expect(message.key).toBe(instance);
    expect(message.headers).toMatchObject({ 'wsapi-source': 'sse', 'wsapi-event-id': 'evt_sse_1', 'wsapi-event-type': 'message' });
    const [contact] = await readRecords(testKafka(), [topic('contacts')], 1);
    expect(contact.value.toString()).toBe(second);
    expect(await countRecords(testKafka(), [topic('messages')])).toEqual({ [topic('messages')]: 1 }); // the foreign event was refused
  });

  it('reconnects after a drop, records the gap on the session topic and takes a snapshot', async () => {
    wsapi.dropStreams();
    await eventually(async () => expect(wsapi.requestsTo('GET /events/stream').length).toBe(2), 30_000);
    await eventually(async () => {
      for (const route of ['GET /contacts', 'GET /chats', 'GET /groups']) expect(wsapi.requestsTo(route).length).toBe(1);
    });
    const [gap] = (await readRecords(testKafka(), [topic('session')], 1)).filter((record) => record.headers['wsapi-event-type'] === 'sse_gap');
    const { eventData } = JSON.parse(gap.value.toString());
    expect(Date.parse(eventData.reconnectedAt)).toBeGreaterThanOrEqual(Date.parse(eventData.disconnectedAt));
    const snapshots = await readRecords(testKafka(), [topic('snapshots')], 3);
    expect(snapshots.map((record) => record.headers['wsapi-event-type']).sort()).toEqual(['chats_snapshot', 'contacts_snapshot', 'groups_snapshot']);

    const db = await testDatabase();
    try {
      await eventually(async () => {
        const { rows } = await db.query('SELECT sse_gaps, last_sse_gap_from, last_sse_gap_to FROM instances WHERE instance_id = $1', [instance]);
        expect(rows[0]).toMatchObject({ sse_gaps: 1, last_sse_gap_from: new Date(eventData.disconnectedAt), last_sse_gap_to: new Date(eventData.reconnectedAt) });
      });
    } finally {
      await db.end();
    }

    const after = envelope(instance, 'message', { ...example('message').eventData, id: 'AFTER' }, '2026-03-01T10:00:05Z', 'evt_sse_3');
    wsapi.sendToStreams(`data: ${after}\n\n`);
    await eventually(async () => expect(await countRecords(testKafka(), [topic('messages')])).toEqual({ [topic('messages')]: 2 }));
  });
});
