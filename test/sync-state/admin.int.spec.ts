import { Client } from 'pg';
import { eventually, testDatabase } from '../support/database';
import { envelope, uniqueInstance } from '../support/events';
import { FakeWsapi } from '../support/fake-wsapi';
import { postWebhook } from '../support/http';
import { RunningApp, startTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { admin, ADMIN_TOKEN, API_KEY, example, fakeWsapiForSync, instanceRow } from './sync-state-helpers';

const DEFAULT_SECRET = 'default-secret-for-admin-tests';

describe('admin endpoints', () => {
  let wsapi: FakeWsapi;
  let running: RunningApp;
  let db: Client;

  beforeAll(async () => {
    wsapi = await fakeWsapiForSync().start();
    running = await startTestApp(
      testConfig({ WSAPI_BASE_URL: wsapi.baseUrl, WSAPI_API_KEY: API_KEY, ADMIN_TOKEN, WSAPI_SIGNING_SECRET: DEFAULT_SECRET, SNAPSHOT_FALLBACK_DELAY_MS: '600000' }),
    );
    db = await testDatabase();
  });
  afterAll(async () => {
    await running?.close();
    await wsapi?.stop();
    await db?.end();
  });

  it.each([
    ['no Authorization header', null],
    ['a wrong token', 'not-the-admin-token-at-all'],
    ['a token that is a prefix of the right one', ADMIN_TOKEN.slice(0, -1)],
  ])('answers 401 to %s', async (_, token) => {
    const response = await admin(running.baseUrl, token).get('ins_any');
    expect(response).toMatchObject({ status: 401, body: { error: 'ADMIN_UNAUTHORIZED' } });
  });

  it('validates what it is given', async () => {
    const api = admin(running.baseUrl);
    expect(await api.putSettings('ins_x', {})).toMatchObject({ status: 400, body: { error: 'SETTINGS_EMPTY' } });
    // ValidationPipe's refusals answer the same body shape as ours, every problem named in one message.
    expect(await api.putSettings('ins_x', { historySync: 'yes' })).toMatchObject({
      status: 400,
      body: { statusCode: 400, error: 'REQUEST_INVALID', message: expect.stringMatching(/historySync must be a boolean/) },
    });
    expect(await api.putSettings('ins_x', { signingSecret: 'short' })).toMatchObject({ status: 400, body: { error: 'REQUEST_INVALID', message: expect.stringMatching(/signingSecret/) } });
    expect(await api.putSettings('ins_x', { colour: 'blue' })).toMatchObject({ status: 400, body: { error: 'REQUEST_INVALID', message: expect.stringMatching(/colour should not exist/) } });
    expect(await api.get('bad%20id')).toMatchObject({ status: 400, body: { error: 'INSTANCE_ID_INVALID' } });
    expect(await api.get(uniqueInstance())).toMatchObject({ status: 404, body: { error: 'INSTANCE_NOT_FOUND' } });
    const unknownRoute = await fetch(`${running.baseUrl}/admin/no-such-route`);
    expect({ status: unknownRoute.status, body: await unknownRoute.json() }).toMatchObject({ status: 404, body: { statusCode: 404, error: 'ROUTE_NOT_FOUND' } });
  });

  it('sets HistorySync per instance and announces the effective value through Kafka into `instances`', async () => {
    const instance = uniqueInstance();
    const api = admin(running.baseUrl);
    expect(await api.putSettings(instance, { historySync: true })).toMatchObject({
      status: 200,
      body: { instanceId: instance, settings: { historySync: true, hasSigningSecret: false }, effectiveHistorySync: { historySync: true, source: 'admin' } },
    });
    await eventually(async () => expect(await instanceRow(db, instance)).toMatchObject({ history_sync: true, history_sync_source: 'admin', status: 'unknown' }));

    // Cleared: back to HISTORY_SYNC_DEFAULT.
    expect((await api.putSettings(instance, { historySync: null })).body.effectiveHistorySync).toEqual({ historySync: false, source: 'default', eventFilters: null });
    await eventually(async () => expect(await instanceRow(db, instance)).toMatchObject({ history_sync: false, history_sync_source: 'default' }));

    const view = await api.get(instance);
    expect(view).toMatchObject({ status: 200, body: { instanceId: instance, instance: { history_sync: false }, settings: { historySync: null }, jobs: [] } });
  });

  it("checks an instance's webhooks against the signing secret an admin set, and never shows it", async () => {
    const instance = uniqueInstance();
    const ownSecret = `own-secret-${instance}`;
    const body = envelope(instance, 'logged_out', { reason: 'api_logout' }, new Date().toISOString());
    expect((await postWebhook(running.baseUrl, body, DEFAULT_SECRET)).status).toBe(200);

    expect((await admin(running.baseUrl).putSettings(instance, { signingSecret: ownSecret })).body.settings).toMatchObject({ hasSigningSecret: true });
    expect((await postWebhook(running.baseUrl, body, DEFAULT_SECRET)).status).toBe(401);
    expect((await postWebhook(running.baseUrl, body, ownSecret)).status).toBe(200);
    expect((await postWebhook(running.baseUrl, envelope(uniqueInstance(), 'logged_out', {}, new Date().toISOString()), DEFAULT_SECRET)).status).toBe(200);

    const view = await admin(running.baseUrl).get(instance);
    expect(view.body.settings.hasSigningSecret).toBe(true);
    expect(JSON.stringify(view.body)).not.toContain(ownSecret);
  });

  it('re-takes a snapshot on demand; its data reaches the read models through Kafka', async () => {
    const instance = uniqueInstance();
    const response = await admin(running.baseUrl).snapshot(instance);
    expect(response.status).toBe(200);
    expect(response.body.published).toEqual(
      expect.arrayContaining([
        { type: 'contacts_snapshot', items: example('rest-contacts').length },
        { type: 'chats_snapshot', items: example('rest-chats').length },
        { type: 'groups_snapshot', items: example('rest-groups').length },
      ]),
    );
    await eventually(async () => {
      const { rows } = await db.query('SELECT count(*)::int AS n FROM contacts WHERE instance_id = $1', [instance]);
      expect(rows[0].n).toBe(example('rest-contacts').length);
      expect((await instanceRow(db, instance))?.last_snapshot_at).not.toBeNull();
    });
  });

  it('answers 502 naming the WSAPI failure when a snapshot cannot be taken', async () => {
    wsapi.script('GET /contacts', { status: 401, body: { status: 401, detail: 'invalid api key' } });
    try {
      const response = await admin(running.baseUrl).snapshot(uniqueInstance());
      expect(response).toMatchObject({ status: 502, body: { error: 'WSAPI_FAILED', message: expect.stringMatching(/GET \/contacts answered 401: invalid api key/) } });
    } finally {
      wsapi.script('GET /contacts', { status: 200, body: example('rest-contacts') });
    }
  });
});
