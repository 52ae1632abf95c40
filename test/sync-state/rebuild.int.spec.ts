import { Client } from 'pg';
import { ReplayService } from '../../src/replay/replay.service';
import { eventually, testDatabase } from '../support/database';
import { uniqueInstance } from '../support/events';
import { FakeWsapi } from '../support/fake-wsapi';
import { RunningApp, startTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { admin, ADMIN_TOKEN, API_KEY, example, fakeWsapiForSync, FLUSH_ROUTE, instanceRow, postEvent } from './sync-state-helpers';

/**
 * `instances` is rebuildable from the topics alone: the outcomes of side effects are events in
 * the log, so a rebuild (replaying: no outbox, no WSAPI calls) reproduces the live rows exactly.
 */
describe('sync-state rebuild', () => {
  let wsapi: FakeWsapi;
  let running: RunningApp;
  let db: Client;

  beforeAll(async () => {
    wsapi = await fakeWsapiForSync().start();
    running = await startTestApp(
      testConfig({ WSAPI_BASE_URL: wsapi.baseUrl, WSAPI_API_KEY: API_KEY, ADMIN_TOKEN, OUTBOX_POLL_MS: '50', SNAPSHOT_FALLBACK_DELAY_MS: '600000' }),
    );
    db = await testDatabase();
  });
  afterAll(async () => {
    await running?.close();
    await wsapi?.stop();
    await db?.end();
  });

  it('reproduces an instance with two cycles, a flush, history and snapshots, without calling WSAPI', async () => {
    const instance = uniqueInstance();
    await admin(running.baseUrl).putSettings(instance, { historySync: true });
    await postEvent(running.baseUrl, instance, 'logged_in', { deviceId: 'd:1@s.whatsapp.net' });
    await postEvent(running.baseUrl, instance, 'initial_sync_finished');
    await eventually(async () => expect(await instanceRow(db, instance)).toMatchObject({ flush_status: 'accepted', last_snapshot_at: expect.any(Date) }));
    await postEvent(running.baseUrl, instance, 'message_history_sync', example('message_history_sync').eventData);
    await postEvent(running.baseUrl, instance, 'logged_out', { reason: 'user_logged_out' });
    await postEvent(running.baseUrl, instance, 'logged_in', { deviceId: 'd:2@s.whatsapp.net' });
    await postEvent(running.baseUrl, instance, 'initial_sync_finished');
    await postEvent(running.baseUrl, instance, 'message_history_sync', { chatId: 'c2@s.whatsapp.net', messages: [{}, {}] });
    // Settled: the conditions hold and the row no longer changes (the snapshot's three parts and its
    // outcome arrive on two topics, in no fixed order).
    let previous: Record<string, unknown> | undefined;
    const live = await eventually(async () => {
      const row = await instanceRow(db, instance);
      const stable = previous;
      previous = row;
      expect(row).toEqual(stable);
      expect(row).toMatchObject({ sync_cycle: 2, flush_status: 'accepted', status: 'history_syncing', history_events_received: 1, history_messages_received: 2 });
      expect(row!.last_snapshot_at.getTime()).toBeGreaterThan(row!.logged_in_at.getTime()); // the second cycle's snapshot is in too
      // …and so are the outcome of that snapshot and the setting the second cycle resolved.
      expect(row!.snapshot_outcome_at?.getTime()).toBeGreaterThan(row!.logged_in_at.getTime());
      expect(row!.history_sync_resolved_at?.getTime()).toBeGreaterThan(row!.logged_in_at.getTime());
      return row!;
    }, 30_000, 1000);
    const callsBefore = wsapi.requestsTo(FLUSH_ROUTE).length;
    const jobsBefore = (await db.query('SELECT count(*)::int AS n FROM sync_outbox WHERE instance_id = $1', [instance])).rows[0].n;

    const [summary] = await running.app.get(ReplayService).rebuild('sync-state', { instanceId: instance, dryRun: true });
    expect(summary.differences).toEqual({
      instances: { onlyInRebuild: 0, onlyInLive: 0 },
      instance_history_chunks: { onlyInRebuild: 0, onlyInLive: 0 },
      instance_backfill_outcomes: { onlyInRebuild: 0, onlyInLive: 0 },
    });
    expect(summary.rowsWritten.instances).toBe(1);
    expect(wsapi.requestsTo(FLUSH_ROUTE)).toHaveLength(callsBefore);
    expect((await db.query('SELECT count(*)::int AS n FROM sync_outbox WHERE instance_id = $1', [instance])).rows[0].n).toBe(jobsBefore);
    expect(await instanceRow(db, instance)).toEqual(live);
  });
});
