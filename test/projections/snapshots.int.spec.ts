import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { SnapshotService } from '../../src/snapshots/snapshot.service';
import { eventually, testDatabase } from '../support/database';
import { uniqueInstance } from '../support/events';
import { FakeWsapi } from '../support/fake-wsapi';
import { EXAMPLES_DIR } from '../support/http';
import { RunningApp, startTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { readRecords, testKafka } from '../support/topic-reader';

const example = (name: string) => JSON.parse(readFileSync(join(EXAMPLES_DIR, `${name}.json`), 'utf8'));

describe('snapshots: WSAPI REST → Kafka → read models', () => {
  let wsapi: FakeWsapi;
  let running: RunningApp;
  let db: Client;

  beforeAll(async () => {
    wsapi = await new FakeWsapi()
      .script('GET /contacts', { status: 200, body: example('rest-contacts') })
      .script('GET /chats', { status: 200, body: example('rest-chats') })
      .script('GET /groups', { status: 200, body: example('rest-groups') })
      .start();
    running = await startTestApp(testConfig({ WSAPI_BASE_URL: wsapi.baseUrl, WSAPI_API_KEY: 'test-api-key' }));
    db = await testDatabase();
  });
  afterAll(async () => {
    await running?.close();
    await wsapi?.stop();
    await db?.end();
  });

  it('fetches contacts, chats and groups with the instance headers and publishes each as a snapshot event', async () => {
    const instance = uniqueInstance();
    const result = await running.app.get(SnapshotService).takeSnapshot(instance);
    expect(result.published.map((part) => part.type).sort()).toEqual(['chats_snapshot', 'contacts_snapshot', 'groups_snapshot']);

    for (const route of ['GET /contacts', 'GET /chats', 'GET /groups']) {
      const [request] = wsapi.requestsTo(route).filter((r) => r.headers['x-instance-id'] === instance);
      expect(request.headers['x-api-key']).toBe('test-api-key');
    }

    const records = (await readRecords(testKafka(), [`${running.config.KAFKA_TOPIC_PREFIX}.snapshots`], 3)).filter((record) => record.key === instance);
    expect(records).toHaveLength(3);
    const contacts = records.find((record) => record.headers['wsapi-event-type'] === 'contacts_snapshot')!;
    expect(contacts.headers['wsapi-source']).toBe('wsapi-sync');
    expect(JSON.parse(contacts.value.toString()).eventData.items).toEqual(example('rest-contacts'));

    await eventually(async () => {
      const { rows } = await db.query('SELECT count(*)::int AS n FROM contacts WHERE instance_id = $1', [instance]);
      expect(rows[0].n).toBe(example('rest-contacts').length);
    });
  });

  it('names the parts it could not fetch, and still publishes the others', async () => {
    wsapi.script('GET /groups', { status: 503, body: { status: 503, detail: 'instance not available' } });
    const instance = uniqueInstance();
    await expect(running.app.get(SnapshotService).takeSnapshot(instance)).rejects.toMatchObject({
      code: 'WSAPI_RETRYABLE',
      message: expect.stringMatching(/GET \/groups answered 503: instance not available/),
    });
    await eventually(async () => {
      const { rows } = await db.query('SELECT count(*)::int AS n FROM contacts WHERE instance_id = $1', [instance]);
      expect(rows[0].n).toBe(example('rest-contacts').length);
    });
    wsapi.script('GET /groups', { status: 200, body: example('rest-groups') });
  });
});
