import { Client } from 'pg';
import { provisionTopics } from '../../src/kafka/topic-provisioner';
import { eventually, testDatabase } from '../support/database';
import { envelope, uniqueInstance } from '../support/events';
import { FakeWsapi } from '../support/fake-wsapi';
import { ensureBuilt, ServiceProcess } from '../support/service-process';
import { RunningApp, startTestApp } from '../support/test-app';
import { TEST_DATABASE_URL, testConfig, uniquePrefix } from '../support/test-config';
import { testKafka } from '../support/topic-reader';
import { API_KEY, fakeWsapiForSync, FLUSH_ROUTE, instanceRow, outboxJobs, requestsFor, sleep } from './sync-state-helpers';

/**
 * The outbox promise under a real crash: the service process commits the flush decision (with
 * its checkpoint) and is SIGKILLed before it calls WSAPI; the restarted service makes exactly one
 * call. The first process runs with its dispatcher off, which pins the kill to exactly that window.
 */
describe('flush-history across a crash between decision and call', () => {
  const prefix = uniquePrefix();
  const kafka = testKafka();
  let wsapi: FakeWsapi;
  let db: Client;
  let crashed: ServiceProcess | undefined;
  /** Kept as a promise so that afterAll closes it even if the test timed out while it was starting. */
  let restarted: Promise<RunningApp> | undefined;

  const shared = () => ({
    KAFKA_TOPIC_PREFIX: prefix,
    KAFKA_TOPIC_PARTITIONS: '3',
    DATABASE_URL: TEST_DATABASE_URL,
    WSAPI_BASE_URL: wsapi.baseUrl,
    WSAPI_API_KEY: API_KEY,
    HISTORY_SYNC_DEFAULT: 'true',
    SNAPSHOT_FALLBACK_DELAY_MS: '600000',
    KAFKA_SESSION_TIMEOUT_MS: '6000', // the broker's minimum: the killed member's partitions move on sooner
  });

  beforeAll(async () => {
    ensureBuilt();
    wsapi = await fakeWsapiForSync().start();
    db = await testDatabase();
    await provisionTopics(kafka, { prefix, partitions: 3, replicationFactor: 1 });
  });
  afterAll(async () => {
    await crashed?.kill();
    await restarted?.then((app) => app.close()).catch(() => undefined);
    await wsapi?.stop();
    await db?.end();
  });

  it('still makes exactly one call after the restart', async () => {
    const instance = uniqueInstance();
    crashed = new ServiceProcess({ ...shared(), PORT: String(39000 + Math.floor(Math.random() * 1000)), ROLE: 'consumers', OUTBOX_DISPATCHER_ENABLED: 'false', LOG_LEVEL: 'warn' });
    crashed.start();

    const producer = kafka.producer();
    await producer.connect();
    const now = new Date().toISOString();
    await producer.send({
      topic: `${prefix}.session`,
      acks: -1,
      messages: [
        { key: instance, value: envelope(instance, 'logged_in', { deviceId: 'd:1@s.whatsapp.net' }, now) },
        { key: instance, value: envelope(instance, 'initial_sync_finished', {}, now) },
      ],
    });
    await producer.disconnect();

    const [decision] = await eventually(async () => {
      const jobs = await outboxJobs(db, instance, 'flush_history');
      expect(jobs).toHaveLength(1);
      return jobs;
    }, 90_000).catch((error) => {
      throw new Error(`${(error as Error).message}\nservice output:\n${crashed!.output}`);
    });
    expect(decision).toMatchObject({ status: 'pending', attempts: 0 });
    expect(await instanceRow(db, instance)).toMatchObject({ flush_status: 'pending', status: 'synced' });

    await crashed.kill(); // SIGKILL: no shutdown hooks run
    expect(crashed.running).toBe(false);
    expect(requestsFor(wsapi, FLUSH_ROUTE, instance)).toHaveLength(0);

    restarted = startTestApp(testConfig({ ...shared(), OUTBOX_POLL_MS: '50' }));
    await restarted;
    await eventually(async () => expect(requestsFor(wsapi, FLUSH_ROUTE, instance)).toHaveLength(1));
    await eventually(async () => expect(await instanceRow(db, instance)).toMatchObject({ flush_status: 'accepted', status: 'history_requested', flush_attempts: 1 }), 90_000);
    await sleep(1000);
    expect(requestsFor(wsapi, FLUSH_ROUTE, instance)).toHaveLength(1);
    expect(await outboxJobs(db, instance, 'flush_history')).toEqual([expect.objectContaining({ status: 'done', attempts: 1, published_at: expect.any(Date) })]);
  }, 240_000);
});
