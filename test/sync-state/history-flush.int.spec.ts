import { Client } from 'pg';
import { eventually, testDatabase } from '../support/database';
import { uniqueInstance } from '../support/events';
import { FakeWsapi } from '../support/fake-wsapi';
import { RunningApp, startTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { countRecords, readRecords, testKafka } from '../support/topic-reader';
import {
  admin,
  ADMIN_TOKEN,
  API_KEY,
  example,
  fakeWsapiForSync,
  FLUSH_ROUTE,
  instanceRow,
  outboxJobs,
  postEvent,
  requestsFor,
  sleep,
} from './sync-state-helpers';

const FALLBACK_DELAY_MS = 4000;

/**
 * The sync cycle end to end: webhooks → Kafka → sync-state projection → outbox → dispatcher →
 * FakeWsapi (a real HTTP server) → outcome event → Kafka → `instances`.
 */
describe('sync state, flush-history and snapshots (real Kafka, Postgres, HTTP)', () => {
  let wsapi: FakeWsapi;
  let running: RunningApp;
  let db: Client;

  beforeAll(async () => {
    wsapi = await fakeWsapiForSync().start();
    running = await startTestApp(
      testConfig({
        WSAPI_BASE_URL: wsapi.baseUrl,
        WSAPI_API_KEY: API_KEY,
        ADMIN_TOKEN,
        HISTORY_SYNC_DEFAULT: 'false',
        OUTBOX_POLL_MS: '50',
        OUTBOX_RETRY_BASE_MS: '200',
        OUTBOX_RETRY_MAX_MS: '1000',
        SNAPSHOT_FALLBACK_DELAY_MS: String(FALLBACK_DELAY_MS),
      }),
    );
    db = await testDatabase();
    // Warm up: the projection's consumer group has joined once an event is projected.
    const warmUp = uniqueInstance();
    await postEvent(running.baseUrl, warmUp, 'logged_out', { reason: 'warm-up' });
    await eventually(async () => expect(await instanceRow(db, warmUp)).toBeDefined(), 60_000);
  });
  afterAll(async () => {
    await running?.close();
    await wsapi?.stop();
    await db?.end();
  });
  afterEach(() => {
    wsapi.script(FLUSH_ROUTE, { status: 202, body: example('flush-history-202') });
  });

  const historySyncOn = async (instanceId: string) => expect((await admin(running.baseUrl).putSettings(instanceId, { historySync: true })).status).toBe(200);
  const flushCalls = (instanceId: string) => requestsFor(wsapi, FLUSH_ROUTE, instanceId);
  const flushSettled = (instanceId: string) =>
    eventually(async () => {
      const row = await instanceRow(db, instanceId);
      expect(['accepted', 'not_needed', 'failed']).toContain(row?.flush_status);
      return row!;
    });

  it('HistorySync on: exactly one flush after initial_sync_finished (none before), with the instance headers and no body', async () => {
    const instance = uniqueInstance();
    await historySyncOn(instance);
    await postEvent(running.baseUrl, instance, 'logged_in', { deviceId: '15550100200:4@s.whatsapp.net' });
    const syncing = await eventually(async () => {
      const row = await instanceRow(db, instance);
      expect(row).toMatchObject({ status: 'syncing', history_sync: true, history_sync_source: 'admin' });
      return row!;
    });
    expect(syncing).toMatchObject({ device_id: '15550100200:4@s.whatsapp.net', sync_cycle: 1, flush_status: null });
    await sleep(500); // many dispatcher passes
    expect(flushCalls(instance)).toHaveLength(0);

    const finishedAt = Date.now();
    await postEvent(running.baseUrl, instance, 'initial_sync_finished');
    const row = await flushSettled(instance);
    expect(row).toMatchObject({ status: 'history_requested', flush_status: 'accepted', flush_attempts: 1, flush_error: null, history_sync: true, history_sync_source: 'admin' });
    expect(row.flush_requested_at.getTime()).toBeGreaterThanOrEqual(finishedAt - 1000);
    expect(Number(row.initial_sync_ms)).toBeGreaterThanOrEqual(0);

    const [call] = flushCalls(instance);
    expect(flushCalls(instance)).toHaveLength(1);
    expect(call.headers['x-api-key']).toBe(API_KEY);
    expect(call.headers['x-instance-id']).toBe(instance);
    expect(call.body).toBe('');

    // The outcome went through Kafka as an event of our own, keyed by instance.
    const sessionTopic = `${running.config.KAFKA_TOPIC_PREFIX}.session`;
    const kafka = testKafka();
    const records = await readRecords(kafka, [sessionTopic], (await countRecords(kafka, [sessionTopic]))[sessionTopic]);
    const outcome = records.find((record) => record.key === instance && record.headers['wsapi-event-type'] === 'history_flush_outcome');
    expect(outcome?.headers['wsapi-source']).toBe('wsapi-sync');
    expect(JSON.parse(outcome!.value.toString()).eventData).toMatchObject({ cycleId: row.cycle_id, outcome: 'accepted', attempts: 1 });

    // History arrives: history_syncing, with progress counts and phase durations.
    await postEvent(running.baseUrl, instance, 'message_history_sync', example('message_history_sync').eventData);
    await postEvent(running.baseUrl, instance, 'message_history_sync', { chatId: '15550100202@s.whatsapp.net', messages: [{}, {}] });
    await eventually(async () => {
      const current = await instanceRow(db, instance);
      expect(current).toMatchObject({ status: 'history_syncing', history_events_received: 2, history_chats_received: 2, history_messages_received: 5 });
      expect(Number(current!.history_wait_ms)).toBeGreaterThanOrEqual(0);
      expect(Number(current!.total_sync_ms)).toBeGreaterThanOrEqual(Number(current!.initial_sync_ms));
    });
  });

  it('takes the snapshot after initial_sync_finished, its data reaches the read models through Kafka, and the fallback is cancelled', async () => {
    const instance = uniqueInstance();
    await postEvent(running.baseUrl, instance, 'logged_in', { deviceId: 'd:1@s.whatsapp.net' });
    await postEvent(running.baseUrl, instance, 'initial_sync_finished');

    await eventually(async () => {
      for (const route of ['GET /contacts', 'GET /chats', 'GET /groups']) {
        const [request] = requestsFor(wsapi, route, instance);
        expect(request?.headers['x-api-key']).toBe(API_KEY);
      }
      const { rows } = await db.query('SELECT count(*)::int AS n FROM contacts WHERE instance_id = $1', [instance]);
      expect(rows[0].n).toBe(example('rest-contacts').length);
      expect((await instanceRow(db, instance))?.last_snapshot_at).not.toBeNull();
    });
    await sleep(FALLBACK_DELAY_MS + 1000);
    expect(requestsFor(wsapi, 'GET /contacts', instance)).toHaveLength(1);
    expect((await outboxJobs(db, instance)).map((job) => [job.kind, job.status]).sort()).toEqual([
      ['flush_history', 'done'],
      ['read_settings', 'done'], // every cycle resolves its HistorySync at once (admin/default without an account key)
      ['snapshot', 'done'],
      ['snapshot_fallback', 'cancelled'],
    ]);
  });

  it('takes the snapshot a delay after logged_in when initial_sync_finished does not come', async () => {
    const instance = uniqueInstance();
    const loggedInAt = Date.now();
    await postEvent(running.baseUrl, instance, 'logged_in', { deviceId: 'd:1@s.whatsapp.net' });
    const [request] = await eventually(async () => {
      const requests = requestsFor(wsapi, 'GET /contacts', instance);
      expect(requests).toHaveLength(1);
      return requests;
    });
    expect(request.at - loggedInAt).toBeGreaterThanOrEqual(FALLBACK_DELAY_MS - 500);
    expect(flushCalls(instance)).toHaveLength(0);
  });

  it('HistorySync off: no flush call, flush recorded as not needed', async () => {
    const instance = uniqueInstance();
    await postEvent(running.baseUrl, instance, 'logged_in', { deviceId: 'd:1@s.whatsapp.net' });
    await postEvent(running.baseUrl, instance, 'initial_sync_finished');
    const row = await flushSettled(instance);
    expect(row).toMatchObject({ status: 'synced', flush_status: 'not_needed', flush_attempts: 0, history_sync: false, history_sync_source: 'default' });
    expect(flushCalls(instance)).toHaveLength(0);
  });

  it('a duplicated initial_sync_finished (redelivered, or sent twice) produces one call', async () => {
    const instance = uniqueInstance();
    await historySyncOn(instance);
    await postEvent(running.baseUrl, instance, 'logged_in', { deviceId: 'd:1@s.whatsapp.net' });
    await postEvent(running.baseUrl, instance, 'initial_sync_finished', {}, `evt_isf_${instance}`);
    await postEvent(running.baseUrl, instance, 'initial_sync_finished', {}, `evt_isf_${instance}`);
    await postEvent(running.baseUrl, instance, 'initial_sync_finished');
    await flushSettled(instance);
    await sleep(1000);
    expect(flushCalls(instance)).toHaveLength(1);
    expect(await outboxJobs(db, instance, 'flush_history')).toHaveLength(1);
  });

  it('500, 500, 202: retried with backoff, then accepted', async () => {
    wsapi.script(FLUSH_ROUTE, { status: 500, body: { status: 500, detail: 'boom' } }, { status: 500, body: { status: 500, detail: 'boom' } }, { status: 202, body: example('flush-history-202') });
    const instance = uniqueInstance();
    await historySyncOn(instance);
    await postEvent(running.baseUrl, instance, 'logged_in', { deviceId: 'd:1@s.whatsapp.net' });
    await postEvent(running.baseUrl, instance, 'initial_sync_finished');
    const row = await flushSettled(instance);
    expect(row).toMatchObject({ flush_status: 'accepted', flush_attempts: 3, status: 'history_requested' });
    const calls = flushCalls(instance);
    expect(calls).toHaveLength(3);
    // Backoff: each retry waits at least half its ceiling (200 ms, then 400 ms).
    expect(calls[1].at - calls[0].at).toBeGreaterThanOrEqual(100);
    expect(calls[2].at - calls[1].at).toBeGreaterThanOrEqual(200);
  });

  it('401: failed at once, with the reason recorded', async () => {
    wsapi.script(FLUSH_ROUTE, { status: 401, body: { status: 401, detail: 'invalid api key' } });
    const instance = uniqueInstance();
    await historySyncOn(instance);
    await postEvent(running.baseUrl, instance, 'logged_in', { deviceId: 'd:1@s.whatsapp.net' });
    await postEvent(running.baseUrl, instance, 'initial_sync_finished');
    const row = await flushSettled(instance);
    expect(row).toMatchObject({ flush_status: 'failed', status: 'synced' });
    expect(row.flush_error).toMatch(/REJECTED: POST \/session\/flush-history answered 401: invalid api key/);
    await sleep(1000);
    expect(flushCalls(instance)).toHaveLength(1);
    const [job] = await outboxJobs(db, instance, 'flush_history');
    expect(job).toMatchObject({ status: 'failed', last_error: row.flush_error });
  });

  it('a new logged_in starts a new cycle, with a flush of its own', async () => {
    const instance = uniqueInstance();
    await historySyncOn(instance);
    await postEvent(running.baseUrl, instance, 'logged_in', { deviceId: 'd:1@s.whatsapp.net' });
    await postEvent(running.baseUrl, instance, 'initial_sync_finished');
    const first = await flushSettled(instance);
    expect(first).toMatchObject({ sync_cycle: 1, flush_status: 'accepted' });

    await postEvent(running.baseUrl, instance, 'logged_out', { reason: 'user_logged_out' });
    await eventually(async () => expect(await instanceRow(db, instance)).toMatchObject({ status: 'logged_out', logout_reason: 'user_logged_out' }));
    await postEvent(running.baseUrl, instance, 'logged_in', { deviceId: 'd:2@s.whatsapp.net' });
    const second = await eventually(async () => {
      const row = await instanceRow(db, instance);
      expect(row).toMatchObject({ sync_cycle: 2, status: 'syncing', device_id: 'd:2@s.whatsapp.net', flush_status: null, initial_sync_finished_at: null, logged_out_at: null });
      return row!;
    });
    expect(second.cycle_id).not.toBe(first.cycle_id);
    expect(flushCalls(instance)).toHaveLength(1);

    await postEvent(running.baseUrl, instance, 'initial_sync_finished');
    await flushSettled(instance);
    expect(await instanceRow(db, instance)).toMatchObject({ sync_cycle: 2, status: 'history_requested' });
    expect(flushCalls(instance)).toHaveLength(2);
  });

  it('records login errors', async () => {
    const instance = uniqueInstance();
    await postEvent(running.baseUrl, instance, 'logged_error', { id: 'd:1@s.whatsapp.net', error: 'pairing timed out' }); // legacy alias
    await eventually(async () => expect(await instanceRow(db, instance)).toMatchObject({ status: 'login_error', login_error: 'pairing timed out' }));
  });
});
