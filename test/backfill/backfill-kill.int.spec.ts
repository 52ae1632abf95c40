import { Client } from 'pg';
import { WsapiSimulator } from '../../tools/simulator/wsapi-simulator';
import { ServiceClient } from '../../tools/simulator/service-client';
import { eventually } from '../support/database';
import { uniqueInstance } from '../support/events';
import { recreateDatabase } from '../support/read-model-dump';
import { ensureBuilt, ServiceProcess } from '../support/service-process';
import { RunningApp, startTestApp } from '../support/test-app';
import { TEST_DATABASE_URL, testConfig } from '../support/test-config';
import { ADMIN_TOKEN, BACKFILL_ENV, backfillSimulator, finished, messageCount, OLDER, repeatedAfterDelivery, startBackfill, syncedInitially } from './backfill-helpers';

/** A database of its own next to the test database (`<test db>_kill`), recreated by the spec. */
const KILL_DB = `${TEST_DATABASE_URL}_kill`;

/**
 * The walk survives a crash: the consumer process (projections and the backfill worker) is
 * SIGKILLed while a page request is out, and a new one resumes from Postgres — it waits for the
 * page already asked for instead of asking again, and finishes the chat together with a second
 * consumer process, neither asking for a page the other asked for.
 */
describe('backfill resumes after SIGKILL, and two workers share it', () => {
  const instanceId = uniqueInstance();
  let simulator: WsapiSimulator;
  let ingress: RunningApp;
  let consumers: ServiceProcess;
  let second: ServiceProcess;
  let db: Client;

  beforeAll(async () => {
    ensureBuilt();
    await recreateDatabase(KILL_DB);
    simulator = backfillSimulator(instanceId, 1415);
    await simulator.start();
    // The ingress stays up (WSAPI's page webhooks keep landing in Kafka); only the consumers crash.
    const config = testConfig({ ...BACKFILL_ENV, WSAPI_BASE_URL: simulator.baseUrl, DATABASE_URL: KILL_DB, ROLE: 'ingress' });
    ingress = await startTestApp(config);
    const consumerEnv = {
      ...BACKFILL_ENV,
      BACKFILL_REQUESTS_PER_SECOND_PER_INSTANCE: '3', // slow enough for the kill to land mid-walk
      ROLE: 'consumers',
      WSAPI_BASE_URL: simulator.baseUrl,
      DATABASE_URL: KILL_DB,
      KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
      KAFKA_TOPIC_PREFIX: config.KAFKA_TOPIC_PREFIX,
      KAFKA_TOPIC_PARTITIONS: '3',
      KAFKA_SESSION_TIMEOUT_MS: '6000',
      LOG_LEVEL: 'warn',
    };
    consumers = new ServiceProcess(consumerEnv);
    second = new ServiceProcess(consumerEnv);
    consumers.start();
    await consumers.ready();
    db = new Client({ connectionString: KILL_DB });
    await db.connect();
    await new ServiceClient(ingress.baseUrl, ADMIN_TOKEN).setHistorySync(instanceId, true);
  }, 120_000);
  afterAll(async () => {
    await consumers?.kill();
    await second?.kill();
    await ingress?.close();
    await simulator?.stop();
    await db?.end();
  });

  it('resumes without asking again for a page it had asked for, and stores every older message once', async () => {
    const initial = await syncedInitially(simulator, ingress.baseUrl, db, instanceId);
    const id = await startBackfill(ingress.baseUrl, instanceId, { chatIds: [simulator.account(instanceId).chats[0].id] });
    // Kill while a request is out and some pages are in.
    await eventually(async () => {
      const { rows } = await db.query(`SELECT pages, state FROM backfill_chats WHERE backfill_id = $1`, [id]);
      expect(rows[0]).toMatchObject({ state: 'waiting', pages: expect.any(Number) });
      expect(rows[0].pages).toBeGreaterThanOrEqual(2);
    }, 60_000, 20);
    await consumers.kill();
    const requestsBeforeKill = simulator.server.pageRequests.length;
    const { rows: atKill } = await db.query(`SELECT pages, requests FROM backfill_chats WHERE backfill_id = $1`, [id]);

    // Two workers now, on the same backfill: leases keep them from asking for the same page twice.
    consumers.start();
    second.start();
    await Promise.all([consumers.ready(), second.ready()]);
    const report = await finished(ingress.baseUrl, id, 180_000);
    expect(report.chats[0]).toMatchObject({ state: 'done', messages: OLDER[0], reason: expect.stringContaining('short page') });
    expect(report.chats[0].pages).toBeGreaterThan(atKill[0].pages);
    expect(simulator.server.pageRequests.length).toBeGreaterThan(requestsBeforeKill);
    // No anchor asked for again once its page had been delivered — also not the one out at the kill.
    expect(repeatedAfterDelivery(simulator, instanceId)).toEqual([]);
    expect(report.chats[0].requests).toBe(report.chats[0].pages);

    const older = simulator.olderHistory(instanceId).older(simulator.account(instanceId).chats[0].id).map((message) => message.id);
    await eventually(async () => expect(await messageCount(db, instanceId, older)).toBe(older.length), 60_000);
    expect(await messageCount(db, instanceId)).toBe(initial + older.length);
  });
});
