import { Client } from 'pg';
import { eventually, testDatabase } from '../support/database';
import { uniqueInstance } from '../support/events';
import { FakeWsapi } from '../support/fake-wsapi';
import { RunningApp, startTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { admin, ADMIN_TOKEN, API_KEY, fakeWsapiForSync, FLUSH_ROUTE, instanceRow, postEvent, requestsFor, sleep } from './sync-state-helpers';

const ACCOUNT_KEY = 'account-level-api-key';

/** With an account-level key, WSAPI's own setting decides HistorySync (shared/wsapi/README.md §4.3). */
describe('HistorySync read from WSAPI (account key configured)', () => {
  let wsapi: FakeWsapi;
  let running: RunningApp;
  let db: Client;

  beforeAll(async () => {
    wsapi = await fakeWsapiForSync().start();
    running = await startTestApp(
      testConfig({
        WSAPI_BASE_URL: wsapi.baseUrl,
        WSAPI_API_KEY: API_KEY,
        WSAPI_ACCOUNT_API_KEY: ACCOUNT_KEY,
        ADMIN_TOKEN,
        OUTBOX_POLL_MS: '50',
        OUTBOX_RETRY_BASE_MS: '100',
        SNAPSHOT_FALLBACK_DELAY_MS: '600000',
      }),
    );
    db = await testDatabase();
  });
  afterAll(async () => {
    await running?.close();
    await wsapi?.stop();
    await db?.end();
  });

  const accountRoute = (instanceId: string) => `GET /account/instances/${instanceId}`;
  const accountDetail = (settings: Record<string, unknown>) => ({ status: 200, body: { name: 'shop', hasApiKey: true, status: 'connected', settings: { useCustomDefaults: true, pullMode: false, ...settings } } });

  it('reads the setting when the cycle starts, warns about filters dropping history, and flushes with the instance key', async () => {
    const instance = uniqueInstance();
    wsapi.script(accountRoute(instance), accountDetail({ historySync: true, eventFilters: ['message', 'contact'] }));
    await postEvent(running.baseUrl, instance, 'logged_in', { deviceId: 'd:1@s.whatsapp.net' });

    await eventually(async () =>
      expect(await instanceRow(db, instance)).toMatchObject({
        status: 'syncing',
        history_sync: true,
        history_sync_source: 'wsapi',
        event_filters: ['message', 'contact'],
        history_filter_warning: true,
      }),
    );
    const [read] = wsapi.requestsTo(accountRoute(instance));
    expect(read.headers['x-api-key']).toBe(ACCOUNT_KEY);
    expect(read.headers['x-instance-id']).toBeUndefined(); // /account/* takes the account key only

    await postEvent(running.baseUrl, instance, 'initial_sync_finished');
    await eventually(async () => expect(await instanceRow(db, instance)).toMatchObject({ flush_status: 'accepted', status: 'history_requested' }));
    const calls = requestsFor(wsapi, FLUSH_ROUTE, instance);
    expect(calls).toHaveLength(1);
    expect(calls[0].headers['x-api-key']).toBe(API_KEY);
  });

  it("WSAPI's setting wins over the admin's: HistorySync off there means no flush", async () => {
    const instance = uniqueInstance();
    wsapi.script(accountRoute(instance), accountDetail({ historySync: false, eventFilters: [] }));
    const put = await admin(running.baseUrl).putSettings(instance, { historySync: true });
    expect(put).toMatchObject({ status: 200, body: { effectiveHistorySync: null } });

    await postEvent(running.baseUrl, instance, 'logged_in', { deviceId: 'd:1@s.whatsapp.net' });
    await postEvent(running.baseUrl, instance, 'initial_sync_finished');
    await eventually(async () =>
      expect(await instanceRow(db, instance)).toMatchObject({ flush_status: 'not_needed', history_sync: false, history_sync_source: 'wsapi', history_filter_warning: false }),
    );
    await sleep(300);
    expect(requestsFor(wsapi, FLUSH_ROUTE, instance)).toHaveLength(0);
  });

  it('falls back to the admin setting when WSAPI refuses the read, and retries when it is unavailable', async () => {
    const instance = uniqueInstance();
    wsapi.script(accountRoute(instance), { status: 503, body: { status: 503, detail: 'busy' } }, { status: 401, body: { status: 401, detail: 'account key revoked' } });
    await admin(running.baseUrl).putSettings(instance, { historySync: true });

    await postEvent(running.baseUrl, instance, 'logged_in', { deviceId: 'd:1@s.whatsapp.net' });
    await postEvent(running.baseUrl, instance, 'initial_sync_finished');
    await eventually(async () => expect(await instanceRow(db, instance)).toMatchObject({ flush_status: 'accepted', history_sync: true, history_sync_source: 'admin' }));
    expect(wsapi.requestsTo(accountRoute(instance)).length).toBeGreaterThanOrEqual(2);
    expect(requestsFor(wsapi, FLUSH_ROUTE, instance)).toHaveLength(1);
  });
});
