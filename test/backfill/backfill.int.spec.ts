import { Client } from 'pg';
import { ReplayService } from '../../src/replay/replay.service';
import { WsapiSimulator } from '../../tools/simulator/wsapi-simulator';
import { ServiceClient } from '../../tools/simulator/service-client';
import { eventually, testDatabase } from '../support/database';
import { uniqueInstance } from '../support/events';
import { RunningApp, startTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { admin, ADMIN_TOKEN, BACKFILL_ENV, backfillSimulator, finished, messageCount, OLDER, repeatedAfterDelivery, startBackfill, syncedInitially } from './backfill-helpers';

/**
 * The backfill against the simulator, on the real broker and Postgres: pages requested from
 * POST /chats/{chatId}/messages come back as signed history webhooks through ingress → Kafka →
 * projections, and the walk follows them chat by chat until each chat's history ends.
 */
describe('backfill of older messages', () => {
  const instanceId = uniqueInstance();
  let simulator: WsapiSimulator;
  let running: RunningApp;
  let db: Client;
  let initial: number;
  const chat = (index: number) => simulator.account(instanceId).chats[index].id;
  const olderIds = (index: number) => simulator.olderHistory(instanceId).older(chat(index)).map((message) => message.id);
  const requestsOf = (index: number) => simulator.server.pageRequests.filter((request) => request.chatId === chat(index));

  beforeAll(async () => {
    simulator = backfillSimulator(instanceId, 1414);
    await simulator.start();
    running = await startTestApp(testConfig({ ...BACKFILL_ENV, WSAPI_BASE_URL: simulator.baseUrl }));
    db = await testDatabase();
    await new ServiceClient(running.baseUrl, ADMIN_TOKEN).setHistorySync(instanceId, true);
    initial = await syncedInitially(simulator, running.baseUrl, db, instanceId);
  }, 180_000);
  afterAll(async () => {
    await running?.close();
    await simulator?.stop();
    await db?.end();
  });

  it('refuses bad input with a code, and needs the admin token', async () => {
    expect((await fetch(`${running.baseUrl}/admin/instances/${instanceId}/backfill`, { method: 'POST' })).status).toBe(401);
    expect(await admin(running.baseUrl, 'POST', `/admin/instances/${instanceId}/backfill`, { maxMessagesPerChat: 0 })).toMatchObject({ status: 400 });
    expect(await admin(running.baseUrl, 'POST', `/admin/instances/${instanceId}/backfill`, { until: 'yesterday' })).toMatchObject({ status: 400 });
    expect(await admin(running.baseUrl, 'POST', '/admin/instances/nobody-here/backfill', {})).toMatchObject({ status: 404, body: { error: 'INSTANCE_NOT_FOUND' } });
    expect(await admin(running.baseUrl, 'GET', '/admin/backfills/5b1f0c1e-0000-4000-8000-000000000000')).toMatchObject({ status: 404, body: { error: 'BACKFILL_NOT_FOUND' } });
  });

  it('stops a chat at maxMessagesPerChat, and at until', async () => {
    const byMax = await finished(running.baseUrl, await startBackfill(running.baseUrl, instanceId, { chatIds: [chat(0)], maxMessagesPerChat: 300 }));
    expect(byMax.chats).toEqual([expect.objectContaining({ chatId: chat(0), state: 'done', pages: 2, messages: 300, reason: 'reached maxMessagesPerChat 300' })]);
    expect(requestsOf(0).map((request) => request.count)).toEqual([200, 100]);

    const older = simulator.olderHistory(instanceId).older(chat(0));
    const until = older[older.length - 700].time; // two more pages of 200 reach it
    const byUntil = await finished(running.baseUrl, await startBackfill(running.baseUrl, instanceId, { chatIds: [chat(0)], until }));
    expect(byUntil.chats[0]).toMatchObject({ state: 'done', pages: 2, messages: 400, oldestTimeReached: new Date(until).toISOString() });
    expect(await messageCount(db, instanceId)).toBe(initial + 700);
  });

  it('cancel stops the walk: no request for the chat after it', async () => {
    const id = await startBackfill(running.baseUrl, instanceId, { chatIds: [chat(0)] });
    await eventually(async () => expect((await admin(running.baseUrl, 'GET', `/admin/backfills/${id}`)).body.chats[0].pages).toBeGreaterThanOrEqual(1), 30_000);
    const cancelled = await admin(running.baseUrl, 'DELETE', `/admin/backfills/${id}`);
    expect(cancelled).toMatchObject({ status: 200, body: { state: 'cancelled', chats: [expect.objectContaining({ state: 'cancelled' })] } });
    const cancelledAt = Date.now();
    expect(await admin(running.baseUrl, 'DELETE', `/admin/backfills/${id}`)).toMatchObject({ status: 409, body: { error: 'BACKFILL_NOT_RUNNING' } });
    // Positive proof that the worker kept running meanwhile: another backfill (chat 1) finishes after the cancel.
    const other = await finished(running.baseUrl, await startBackfill(running.baseUrl, instanceId, { chatIds: [chat(1)] }));
    expect(other.chats[0]).toMatchObject({ state: 'done', pages: 1, messages: OLDER[1], reason: 'history exhausted: short page (30 of 200)' });
    expect(requestsOf(0).filter((request) => request.at > cancelledAt + 100)).toEqual([]);
  });

  it('walks every chat to its end through a lost page and a 429, storing every older message exactly once', async () => {
    simulator.server.loseNextPage(chat(2));
    simulator.server.failNext(`POST /chats/${chat(3)}/messages`, 429);
    const before = simulator.server.pageRequests.length;
    const report = await finished(running.baseUrl, await startBackfill(running.baseUrl, instanceId), 180_000);
    const byChat = Object.fromEntries(report.chats.map((progress: { chatId: string }) => [progress.chatId, progress]));

    expect(byChat[chat(0)]).toMatchObject({ state: 'done', reason: expect.stringContaining('short page') });
    expect(byChat[chat(1)]).toMatchObject({ state: 'done', pages: 1, messages: 0, reason: 'history exhausted: empty page' });
    // Chat 2: 200 + 200 + 50, the lost page asked for again once.
    expect(byChat[chat(2)]).toMatchObject({ state: 'done', pages: 3, messages: 450, requests: 4 });
    // Chat 3: 200 + 200, then an empty page; the 429 retried.
    expect(byChat[chat(3)]).toMatchObject({ state: 'done', pages: 3, messages: 400, requests: 4, reason: 'history exhausted: empty page' });
    expect(simulator.server.pageRequests.slice(before).filter((request) => request.status === 429)).toHaveLength(1);

    const everyOlder = OLDER.flatMap((_, index) => olderIds(index));
    await eventually(async () => expect(await messageCount(db, instanceId, everyOlder)).toBe(everyOlder.length), 60_000);
    expect(await messageCount(db, instanceId)).toBe(initial + everyOlder.length);
    expect(repeatedAfterDelivery(simulator, instanceId)).toEqual([]);

    // Per-instance totals on `instances`, folded by sync-state from the backfill_outcome events of every walk (cancelled ones too).
    const { rows: walks } = await db.query(`SELECT sum(pages)::int AS pages, sum(messages)::int AS messages FROM backfill_chats WHERE instance_id = $1`, [instanceId]);
    const oldestOlder = OLDER.map((_, index) => simulator.olderHistory(instanceId).older(chat(index))[0].time).sort()[0];
    await eventually(async () => {
      const { rows } = await db.query('SELECT backfill_pages, backfill_messages, backfill_oldest_at, backfill_stalled_chats FROM instances WHERE instance_id = $1', [instanceId]);
      expect(rows[0]).toEqual({ backfill_pages: walks[0].pages, backfill_messages: walks[0].messages, backfill_oldest_at: new Date(oldestOlder), backfill_stalled_chats: 0 });
    }, 30_000);

    const metrics = await (await fetch(`${running.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/wsapi_backfill_pages_total \d+/);
    expect(metrics).toMatch(/wsapi_backfill_requests_total\{outcome="retryable"\} 1/);
  });

  it('marks a chat stalled, with the reason, when its page never arrives after the retries', async () => {
    simulator.server.loseNextPage(chat(1), 3); // the request and both retries (BACKFILL_PAGE_RETRIES=2)
    const report = await finished(running.baseUrl, await startBackfill(running.baseUrl, instanceId, { chatIds: [chat(1)] }), 60_000);
    expect(report.chats[0]).toMatchObject({ state: 'stalled', pages: 0, requests: 3, reason: expect.stringMatching(/^no page arrived after 3 request\(s\), 3000 ms each/) });
    await eventually(async () => {
      const { rows } = await db.query('SELECT backfill_stalled_chats FROM instances WHERE instance_id = $1', [instanceId]);
      expect(rows[0].backfill_stalled_chats).toBe(1);
    }, 30_000);
    expect(await (await fetch(`${running.baseUrl}/metrics`)).text()).toMatch(/wsapi_backfill_chats_total\{state="stalled"\} 1/);
  });

  it('stops a chat at once, as failed, when WSAPI refuses in a way retrying cannot fix', async () => {
    simulator.server.failNext(`POST /chats/${chat(2)}/messages`, 409);
    const report = await finished(running.baseUrl, await startBackfill(running.baseUrl, instanceId, { chatIds: [chat(2)] }), 30_000);
    expect(report.chats[0]).toMatchObject({ state: 'failed', requests: 1, reason: expect.stringContaining('answered 409') });
  });

  it('rebuilds history_pages and the backfill totals on instances from the topics alone', async () => {
    const replay = running.app.get(ReplayService);
    for (const projection of ['history-pages', 'sync-state']) {
      const [summary] = await replay.rebuild(projection, { instanceId, dryRun: true });
      expect(Object.values(summary.differences).every((difference) => difference.onlyInLive === 0 && difference.onlyInRebuild === 0)).toBe(true);
      expect(summary.eventsRead).toBeGreaterThan(0);
    }
    const { rows } = await db.query('SELECT count(*)::int AS n FROM history_pages WHERE instance_id = $1 AND message_count = 0', [instanceId]);
    expect(rows[0].n).toBe(2); // the empty pages that ended chats 1 and 3 are recorded too
  });
});
