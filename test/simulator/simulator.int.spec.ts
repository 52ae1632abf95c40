import { Client } from 'pg';
import { AccountProfile } from '../../tools/simulator/account';
import { ServiceClient } from '../../tools/simulator/service-client';
import { WsapiSimulator } from '../../tools/simulator/wsapi-simulator';
import { eventually, testDatabase } from '../support/database';
import { uniqueInstance } from '../support/events';
import { RunningApp, startTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';

const SIGNING_SECRET = 'simulator-int-signing-secret';
const API_KEY = 'simulator-int-api-key';
const ADMIN_TOKEN = 'simulator-int-admin-token';
/** Small, but its busiest chat is over 500 messages, so its history comes in several chunks. */
const SMALL: AccountProfile = { contacts: 25, directChats: 6, groups: 3, participantsPerGroup: 6, historyMessagesPerChat: 200, liveMessagesPerChat: 4, lidOnlyShare: 0.25, chatSizeSkew: 1 };

/**
 * The simulator against the real service (in-process, real Kafka and Postgres): signed webhooks in
 * WSAPI's order with duplicates, reordering and bad payloads; the service snapshots the account
 * and calls flush-history on the simulator, whose history webhooks reach `messages`.
 */
describe('WSAPI simulator → service (HistorySync on)', () => {
  const instanceId = uniqueInstance();
  let simulator: WsapiSimulator;
  let running: RunningApp;
  let db: Client;

  beforeAll(async () => {
    simulator = new WsapiSimulator({
      seed: 2026,
      apiKey: API_KEY,
      signingSecret: SIGNING_SECRET,
      instances: [{ instanceId, profile: SMALL, historySync: true }],
      faults: { duplicateRate: 0.05, reorderRate: 0.1, reorderWindow: 10, badPayloadRate: 0.02 },
      historyDelayMs: 200,
    });
    await simulator.start();
    running = await startTestApp(
      testConfig({ WSAPI_BASE_URL: simulator.baseUrl, WSAPI_API_KEY: API_KEY, WSAPI_SIGNING_SECRET: SIGNING_SECRET, ADMIN_TOKEN, OUTBOX_POLL_MS: '50' }),
    );
    db = await testDatabase();
    await new ServiceClient(running.baseUrl, ADMIN_TOKEN).setHistorySync(instanceId, true);
  });
  afterAll(async () => {
    await running?.close();
    await simulator?.stop();
    await db?.end();
  });

  it('flushes the history exactly once and every history message reaches `messages`', async () => {
    await simulator.runLiveSessions(running.baseUrl);
    expect(simulator.stats.unexpected).toEqual([]);
    expect(simulator.stats.count((label) => label.startsWith('duplicate:'))).toBeGreaterThan(0);

    await eventually(async () => expect(simulator.history(instanceId)).toBeDefined(), 60_000);
    const delivered = await simulator.history(instanceId)!;
    expect(delivered.chunks).toBeGreaterThan(SMALL.directChats + SMALL.groups); // the large chat took several
    const expected = simulator.expected(instanceId);

    const counts = await eventually(async () => {
      const { rows } = await db.query(
        `SELECT count(*)::int AS total, count(*) FILTER (WHERE source = 'history')::int AS history FROM messages WHERE instance_id = $1`,
        [instanceId],
      );
      expect(rows[0].total).toBe(expected.messages);
      return rows[0];
    }, 90_000, 500);
    // The live messages repeated in the history stay 'live' rows; every other history message is a 'history' row.
    expect(counts.history).toBe(expected.historyMessages);
    expect(simulator.flushCalls(instanceId)).toEqual([expect.objectContaining({ status: 202, outcome: 'delivering' })]);

    const { rows: groups } = await db.query('SELECT count(*)::int AS n FROM current_groups WHERE instance_id = $1', [instanceId]);
    expect(groups[0].n).toBe(expected.groups);
    const { rows: instance } = await db.query('SELECT status, flush_status, history_sync FROM instances WHERE instance_id = $1', [instanceId]);
    expect(instance[0]).toEqual({ status: 'history_syncing', flush_status: 'accepted', history_sync: true });
  });
});
