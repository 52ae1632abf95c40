import { randomUUID } from 'node:crypto';
import { SimulatedEvent } from '../../tools/simulator/account-stream';
import { eventually } from '../support/database';
import { envelope, uniqueInstance } from '../support/events';
import { postWebhook } from '../support/http';
import { produceStream } from '../support/stream-producer';
import { testKafka } from '../support/topic-reader';
import {
  admin,
  ADMIN_TOKEN,
  example,
  FLUSH_ROUTE,
  instanceRow,
  outboxJobs,
  postEvent,
  requestsFor,
  sleep,
  startSyncRig,
  stopSyncRig,
  SyncRig,
} from './sync-state-helpers';

const CONTACTS = 'GET /contacts';
const BOOTSTRAP_DELAY_MS = 3000;
const MINUTE = 60_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

/** Posts a WSAPI event stamped `at` (not now): a late, or skewed, timeline. */
async function postAt(baseUrl: string, instanceId: string, eventType: string, at: string, eventData: Record<string, unknown> = {}): Promise<void> {
  const response = await postWebhook(baseUrl, envelope(instanceId, eventType, eventData, at));
  if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
}

/** A WSAPI example's payload, for an event sync-state only has to see. */
const payloadOf = (name: string) => example(name).eventData as Record<string, unknown>;

/**
 * The timelines real deployments see (issue 12): cycles projected late or stamped ahead, a backlog
 * of cycles, instances that only ever show up through messages. Real Kafka, Postgres and HTTP.
 */
describe('sync-state on real timelines: decision clock, late flushes, superseded cycles, bootstrap', () => {
  let rig: SyncRig;

  beforeAll(async () => {
    rig = await startSyncRig({
      ADMIN_TOKEN,
      HISTORY_SYNC_DEFAULT: 'true',
      SNAPSHOT_FALLBACK_DELAY_MS: String(10 * MINUTE),
      SNAPSHOT_BOOTSTRAP_DELAY_MS: String(BOOTSTRAP_DELAY_MS),
      SNAPSHOT_RECONCILE_INTERVAL_MS: '0',
    });
    const warmUp = uniqueInstance();
    await postEvent(rig.running.baseUrl, warmUp, 'logged_out', { reason: 'warm-up' });
    await eventually(async () => expect(await instanceRow(rig.db, warmUp)).toBeDefined(), 60_000);
  });
  afterAll(() => stopSyncRig(rig));

  const snapshotCalls = (instanceId: string) => requestsFor(rig.wsapi, CONTACTS, instanceId);
  const flushCalls = (instanceId: string) => requestsFor(rig.wsapi, FLUSH_ROUTE, instanceId);

  it('a cycle projected 3 h late: snapshot taken, HistorySync known at once, flush skipped as late without a call', async () => {
    const instance = uniqueInstance();
    await postAt(rig.running.baseUrl, instance, 'logged_in', ago(180 * MINUTE), { deviceId: '15550100200:4@s.whatsapp.net' });
    await postAt(rig.running.baseUrl, instance, 'initial_sync_finished', ago(179 * MINUTE));
    const row = await eventually(async () => {
      const found = await instanceRow(rig.db, instance);
      expect(found?.flush_status).toBe('skipped');
      return found!;
    });
    expect(row.flush_error).toMatch(/^late: initial_sync_finished was (2h 5\d|3h \d)m \d+s ago, 2h \d+m \d+s past the flush window/);
    expect(row.flush_attempts).toBe(0);
    // Without an account key the cycle's read_settings job publishes admin/default at once.
    await eventually(async () => expect(await instanceRow(rig.db, instance)).toMatchObject({ history_sync: true, history_sync_source: 'default' }));
    await eventually(async () => expect((await instanceRow(rig.db, instance))?.last_snapshot_at).not.toBeNull());
    expect(snapshotCalls(instance)).toHaveLength(1);
    // The skipped outcome is the dispatcher's answer to the flush job: it ran, and made no call.
    expect(flushCalls(instance)).toHaveLength(0);
    expect(await outboxJobs(rig.db, instance, 'flush_history')).toEqual([expect.objectContaining({ status: 'skipped', attempts: 1 })]);

    // An operator who knows WSAPI still holds the history forces the flush.
    expect(await admin(rig.running.baseUrl, null).flushHistory(instance)).toMatchObject({ status: 401 });
    const forced = await admin(rig.running.baseUrl).flushHistory(instance);
    expect(forced).toMatchObject({ status: 200, body: { instanceId: instance, cycleId: row.cycle_id, outcome: 'accepted' } });
    expect(flushCalls(instance)).toHaveLength(1);
    await eventually(async () => expect(await instanceRow(rig.db, instance)).toMatchObject({ flush_status: 'accepted', flush_error: null, flush_attempts: 1 }));
    expect((await admin(rig.running.baseUrl).flushHistory(uniqueInstance())).status).toBe(409);
  });

  it('a cycle stamped 10 min ahead of our clock is snapshotted now, not at its stamp', async () => {
    const instance = uniqueInstance();
    const posted = Date.now();
    await postAt(rig.running.baseUrl, instance, 'logged_in', new Date(posted + 10 * MINUTE).toISOString(), { deviceId: '15550100200:5@s.whatsapp.net' });
    await postAt(rig.running.baseUrl, instance, 'initial_sync_finished', new Date(posted + 10 * MINUTE + 1000).toISOString());
    await eventually(async () => expect(snapshotCalls(instance)).toHaveLength(1), 20_000);
    expect(snapshotCalls(instance)[0].at - posted).toBeLessThan(MINUTE);
    await eventually(async () => expect((await instanceRow(rig.db, instance))?.flush_status).toBe('accepted'));
    expect(flushCalls(instance)).toHaveLength(1);
  });

  it('a backlog of old cycles: only the current one is snapshotted and flushed, the others are superseded', async () => {
    const instance = uniqueInstance();
    const cycles = [40, 30, 20].map((minutesAgo) => ({ id: `evt_${randomUUID()}`, at: Date.now() - minutesAgo * MINUTE }));
    const backlog: SimulatedEvent[] = cycles.flatMap((cycle) => [
      { instanceId: instance, eventType: 'logged_in', eventId: cycle.id, receivedAt: new Date(cycle.at).toISOString(), eventData: { deviceId: '15550100200:6@s.whatsapp.net' } },
      { instanceId: instance, eventType: 'initial_sync_finished', eventId: `evt_${randomUUID()}`, receivedAt: new Date(cycle.at + 30_000).toISOString(), eventData: {} },
    ]);
    const kafka = testKafka();
    await produceStream(kafka, rig.running.config.KAFKA_TOPIC_PREFIX, backlog); // one append: projected as one backlog
    const current = cycles[2].id;
    await eventually(async () => {
      const jobs = await outboxJobs(rig.db, instance);
      expect(jobs.filter((job) => job.cycle_id === current && ['snapshot', 'flush_history'].includes(job.kind)).map((job) => job.status)).toEqual(['done', 'done']);
    });
    await eventually(async () => expect(await instanceRow(rig.db, instance)).toMatchObject({ cycle_id: current, sync_cycle: 3, flush_status: 'accepted' }));
    expect(snapshotCalls(instance)).toHaveLength(1);
    expect(flushCalls(instance)).toHaveLength(1);
    const older = (await outboxJobs(rig.db, instance)).filter((job) => job.cycle_id !== current && ['snapshot', 'flush_history'].includes(job.kind));
    expect(older).toHaveLength(4);
    expect(older.map((job) => job.status)).toEqual(['superseded', 'superseded', 'superseded', 'superseded']);
  });

  it('an instance seen only through message and chat_push_name events gets one bootstrap snapshot after the delay', async () => {
    const instance = uniqueInstance();
    const firstSeen = Date.now();
    await postEvent(rig.running.baseUrl, instance, 'message', payloadOf('message'));
    await postEvent(rig.running.baseUrl, instance, 'chat_push_name', payloadOf('chat_push_name'));
    await postEvent(rig.running.baseUrl, instance, 'message', { ...payloadOf('message'), id: 'SECOND' });
    await eventually(async () => expect(snapshotCalls(instance)).toHaveLength(1), 20_000);
    expect(snapshotCalls(instance)[0].at - firstSeen).toBeGreaterThanOrEqual(BOOTSTRAP_DELAY_MS - 100);
    await eventually(async () => expect((await instanceRow(rig.db, instance))?.snapshot_outcome).toBe('taken'));
    expect(await instanceRow(rig.db, instance)).toMatchObject({ status: 'unknown', snapshot_trigger: 'bootstrap', cycle_id: null });

    // Seen again, with a history chunk to show when sync-state has caught up: no second bootstrap.
    await postEvent(rig.running.baseUrl, instance, 'message', { ...payloadOf('message'), id: 'THIRD' });
    await postEvent(rig.running.baseUrl, instance, 'message_history_sync', payloadOf('message_history_sync'));
    await eventually(async () => expect((await instanceRow(rig.db, instance))?.history_events_received).toBe(1));
    await sleep(BOOTSTRAP_DELAY_MS + 500);
    expect(snapshotCalls(instance)).toHaveLength(1);
    expect(await outboxJobs(rig.db, instance, 'snapshot_bootstrap')).toEqual([expect.objectContaining({ cycle_id: 'bootstrap:0', status: 'done' })]);
  });

  it('a logged_in arriving before the bootstrap is due takes over: the cycle snapshots, the bootstrap is superseded', async () => {
    const instance = uniqueInstance();
    await postEvent(rig.running.baseUrl, instance, 'message', payloadOf('message'));
    await eventually(async () => expect(await outboxJobs(rig.db, instance, 'snapshot_bootstrap')).toHaveLength(1));
    await postEvent(rig.running.baseUrl, instance, 'logged_in', { deviceId: '15550100200:7@s.whatsapp.net' });
    await postEvent(rig.running.baseUrl, instance, 'initial_sync_finished');
    await eventually(async () => expect((await outboxJobs(rig.db, instance, 'snapshot'))[0]?.status).toBe('done'));
    expect(await outboxJobs(rig.db, instance, 'snapshot_bootstrap')).toEqual([expect.objectContaining({ status: 'superseded' })]);
    await sleep(BOOTSTRAP_DELAY_MS + 500); // past the bootstrap's due time
    expect(snapshotCalls(instance)).toHaveLength(1);
    expect((await instanceRow(rig.db, instance))?.snapshot_trigger).toBe('cycle');
  });
});

const RECONCILE_INTERVAL_MS = 3000;
const ACCOUNT_KEY = 'account-key-for-reconcile-tests';

describe('snapshot reconcile and discovery through /account/instances (real Kafka, Postgres, HTTP)', () => {
  let rig: SyncRig;
  const discovered = [uniqueInstance(), uniqueInstance(), uniqueInstance()];

  beforeAll(async () => {
    rig = await startSyncRig(
      {
        WSAPI_ACCOUNT_API_KEY: ACCOUNT_KEY,
        // Due as soon as discovered, so it runs before any reconcile of the new row (which would supersede it).
        SNAPSHOT_BOOTSTRAP_DELAY_MS: '0',
        SNAPSHOT_RECONCILE_INTERVAL_MS: String(RECONCILE_INTERVAL_MS),
        SNAPSHOT_MAX_CONCURRENCY: '1',
      },
      // Two pages, by page number.
      (fake) =>
        fake.handle('GET /account/instances', (request) => {
          const page = new URLSearchParams(request.query).get('page') ?? '1';
          const items = page === '1' ? [{ id: discovered[0], name: 'one' }, { id: discovered[1] }] : [{ id: discovered[2] }];
          return { status: 200, body: { items, page: Number(page), totalPages: 2 } };
        }),
    );
    // `instances` is shared by every spec file of the run: rows left by earlier files would join our
    // reconcile rounds (and queue behind our cap of 1). Marked refused, the reconciler skips them.
    await rig.db.query('UPDATE instances SET snapshot_blocked = true WHERE instance_id <> ALL($1)', [discovered]);
  });
  afterAll(() => stopSyncRig(rig));

  it('discovers instances page by page and bootstraps each one', async () => {
    for (const instance of discovered) {
      await eventually(async () => expect(await outboxJobs(rig.db, instance, 'snapshot_bootstrap')).toEqual([expect.objectContaining({ status: 'done' })]), 30_000);
      await eventually(async () => expect(await instanceRow(rig.db, instance)).toMatchObject({ status: 'unknown', snapshot_outcome: 'taken', snapshot_trigger: 'bootstrap' }));
    }
    const listing = rig.wsapi.requestsTo('GET /account/instances');
    expect(listing.map((request) => request.query).slice(0, 2)).toEqual(['', 'page=2']);
    expect(listing[0].headers['x-api-key']).toBe(ACCOUNT_KEY);
  });

  it('re-snapshots every known instance each interval, one snapshot at a time, and stops asking for one WSAPI refuses', async () => {
    const healthy = [uniqueInstance(), uniqueInstance()];
    const refused = uniqueInstance();
    for (const instance of [...healthy, refused]) rig.wsapi.scriptFor(instance, CONTACTS, { status: 200, body: example('rest-contacts'), delayMs: 150 });
    // The refused one answers its first (cycle) snapshot, then 401 for good.
    rig.wsapi.scriptFor(refused, CONTACTS, { status: 200, body: example('rest-contacts'), delayMs: 150 }, { status: 401, body: { status: 401, detail: 'invalid api key' } });
    for (const instance of [...healthy, refused]) {
      await postEvent(rig.running.baseUrl, instance, 'logged_in', { deviceId: '15550100200:8@s.whatsapp.net' });
      await postEvent(rig.running.baseUrl, instance, 'initial_sync_finished');
    }
    const blocked = await eventually(async () => {
      const row = await instanceRow(rig.db, refused);
      expect(row).toMatchObject({ snapshot_blocked: true, snapshot_outcome: 'rejected', snapshot_trigger: 'reconcile' });
      return row!;
    }, 30_000);
    expect(blocked.snapshot_error).toMatch(/401/);
    const refusedCalls = requestsFor(rig.wsapi, CONTACTS, refused).length;
    // Cycle snapshot plus at least two reconcile rounds each.
    await eventually(async () => healthy.forEach((instance) => expect(requestsFor(rig.wsapi, CONTACTS, instance).length).toBeGreaterThanOrEqual(3)), 40_000);
    await sleep(RECONCILE_INTERVAL_MS * 2); // two more periods for the refused one to be (not) asked again
    expect(requestsFor(rig.wsapi, CONTACTS, refused)).toHaveLength(refusedCalls);
    const reconciles = await outboxJobs(rig.db, healthy[0], 'snapshot_reconcile');
    expect(new Set(reconciles.map((job) => job.cycle_id)).size).toBe(reconciles.length); // one per period
    expect(reconciles.every((job) => /^reconcile:\d+$/.test(job.cycle_id))).toBe(true);

    // The cap: SNAPSHOT_MAX_CONCURRENCY=1, so no two snapshots' calls were ever open at once.
    const calls = [...healthy, refused].flatMap((instance) => requestsFor(rig.wsapi, CONTACTS, instance)).sort((a, b) => a.at - b.at);
    for (let i = 1; i < calls.length; i += 1) expect(calls[i].at).toBeGreaterThanOrEqual(calls[i - 1].finishedAt!);

    const metrics = await (await fetch(`${rig.running.baseUrl}/metrics`)).text();
    const counted = (labels: string) => Number(new RegExp(`^wsapi_snapshots_total\\{${labels}\\} (\\d+)$`, 'm').exec(metrics)?.[1] ?? 0);
    expect(counted('trigger="reconcile",outcome="taken"')).toBeGreaterThanOrEqual(4);
    expect(counted('trigger="reconcile",outcome="rejected"')).toBeGreaterThanOrEqual(1);
    expect(counted('trigger="cycle",outcome="taken"')).toBeGreaterThanOrEqual(3);
    expect(counted('trigger="bootstrap",outcome="taken"')).toBeGreaterThanOrEqual(3);
  });
});
