import 'reflect-metadata';
import { join } from 'node:path';
import { Client } from 'pg';
import { createKafka } from '../../src/kafka/kafka-client';
import { topicName, ServiceTopic } from '../../src/kafka/topics';
import { DEMO_PROFILE } from '../simulator/account';
import { ServiceClient, waitFor } from '../simulator/service-client';
import { WsapiSimulator } from '../simulator/wsapi-simulator';
import { databaseUrlNamed, ensureLocalStack, KAFKA_BROKERS, recreateDatabase, REPO_ROOT } from '../lib/local-stack';
import { ServiceChild } from '../lib/service-child';
import { formatCount } from '../lib/text-table';
import { countsTable, sampleRows, syncTable } from './summary';

const USAGE = `usage: npm run demo [-- --seed <n>]

Starts the local Kafka broker and Postgres, the service (compiled, as a child process, on a fresh
database wsapi_sync_demo and a fresh topic prefix), and the WSAPI simulator with two instances:
one with HistorySync on, one off. Waits until the projections have caught up, prints a summary.`;

const SECRET = 'demo-signing-secret';
const API_KEY = 'demo-api-key';
const ADMIN_TOKEN = 'demo-admin-token-0123456789';

async function main(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) return void console.log(USAGE);
  const seedAt = argv.indexOf('--seed');
  const seed = seedAt >= 0 ? Number(argv[seedAt + 1]) : 20260301;
  if (!Number.isInteger(seed)) throw new Error(`--seed needs an integer\n\n${USAGE}`);
  const step = (text: string) => console.log(`\n▶ ${text}`);

  step('local stack: Kafka broker and Postgres');
  ensureLocalStack();
  const databaseUrl = databaseUrlNamed('wsapi_sync_demo');
  await recreateDatabase(databaseUrl);
  const prefix = `demo${Date.now().toString(36)}`;

  const simulator = new WsapiSimulator({
    seed,
    apiKey: API_KEY,
    signingSecret: SECRET,
    instances: [{ profile: DEMO_PROFILE, historySync: true }, { profile: DEMO_PROFILE, historySync: false }],
    faults: { duplicateRate: 0.03, reorderRate: 0.05, reorderWindow: 10, badPayloadRate: 0.01 },
    historyDelayMs: 1000,
  });
  await simulator.start();
  const [withHistory, withoutHistory] = simulator.accounts;
  const service = new ServiceChild(
    {
      DATABASE_URL: databaseUrl,
      KAFKA_BROKERS,
      KAFKA_TOPIC_PREFIX: prefix,
      WSAPI_BASE_URL: simulator.baseUrl,
      WSAPI_API_KEY: API_KEY,
      WSAPI_SIGNING_SECRET: SECRET,
      ADMIN_TOKEN,
      HISTORY_SYNC_DEFAULT: 'false',
      OUTBOX_POLL_MS: '200',
      LOG_LEVEL: 'info',
    },
    join(REPO_ROOT, '.cache/demo/service.log'),
  );
  const db = new Client({ connectionString: databaseUrl });
  try {
    step(`service: node dist/src/main.js (database wsapi_sync_demo, topics ${prefix}.*, log .cache/demo/service.log)`);
    const client = await service.start();
    console.log(`  ready on ${service.baseUrl}; WSAPI simulator on ${simulator.baseUrl}`);
    await db.connect();

    step('HistorySync per instance, through the admin API');
    await client.setHistorySync(withHistory.instanceId, true);
    await client.setHistorySync(withoutHistory.instanceId, false);
    console.log(`  ${withHistory.instanceId}: on    ${withoutHistory.instanceId}: off`);

    step('WSAPI → webhooks: logged_in, live events, initial_sync_finished (with duplicates, reordering and bad payloads)');
    const started = Date.now();
    await simulator.runLiveSessions(service.baseUrl);
    const stats = simulator.stats;
    console.log(
      `  ${formatCount(stats.delivered)} webhooks in ${((Date.now() - started) / 1000).toFixed(1)} s: ` +
        `${formatCount(stats.count((_, status) => status === 200))} accepted, ` +
        `${formatCount(stats.count((label, status) => label.startsWith('bad:') && status !== 200))} bad ones refused (400/401), ` +
        `${formatCount(stats.count((label) => label.startsWith('duplicate:')))} duplicates, ${stats.unexpected.length} unexpected answers`,
    );

    step('waiting for the flush decisions, the history and the projections');
    await waitForSync(db, client, simulator);

    step('summary');
    console.log(await syncTable(db, simulator));
    console.log('');
    console.log(await countsTable(db, simulator));
    console.log(`  dead letters: ${await deadLetters(prefix)} (each poison payload is refused by the two projections reading messages)`);
    console.log('');
    console.log(await sampleRows(db, withHistory));
  } finally {
    await db.end().catch(() => undefined);
    await service.stop();
    await simulator.stop();
  }
  console.log(`\nDone. The Kafka broker keeps running (npm run stack:down stops it); the demo database is wsapi_sync_demo.`);
}

/** Both flush decisions recorded, the history delivered, every projection caught up and every message row there. */
async function waitForSync(db: Client, client: ServiceClient, simulator: WsapiSimulator): Promise<void> {
  const flushStatus = async (instanceId: string) => (await db.query('SELECT flush_status FROM instances WHERE instance_id = $1', [instanceId])).rows[0]?.flush_status;
  for (const account of simulator.accounts) {
    const outcome = await waitFor(`the flush outcome of ${account.instanceId}`, async () => {
      const status = await flushStatus(account.instanceId);
      return status && status !== 'pending' ? status : undefined;
    }, 120_000);
    console.log(`  ${account.instanceId}: flush ${outcome}`);
  }
  for (const account of simulator.accounts) {
    const history = simulator.history(account.instanceId);
    if (!history) continue;
    const delivered = await history;
    console.log(`  ${account.instanceId}: history delivered, ${delivered.chunks} chunks / ${formatCount(delivered.messages)} messages in ${((delivered.finishedAt - delivered.startedAt) / 1000).toFixed(1)} s`);
  }
  const caughtUp = async () => {
    if ((await client.totalLag()) !== 0) return false;
    for (const account of simulator.accounts) {
      const { rows } = await db.query('SELECT count(*)::int AS n FROM messages WHERE instance_id = $1', [account.instanceId]);
      if (rows[0].n !== simulator.expected(account.instanceId).messages) return false;
    }
    return true;
  };
  await waitFor('the projections to catch up', caughtUp, 180_000, 500).catch((error: Error) => console.log(`  ⚠ ${error.message}; the summary shows where things stand`));
  console.log('  projections caught up (lag 0)');
}

async function deadLetters(prefix: string): Promise<number> {
  const admin = createKafka(KAFKA_BROKERS, 'wsapi-sync-demo').admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topicName(prefix, ServiceTopic.DeadLetter));
    return offsets.reduce((sum, partition) => sum + Number(partition.high) - Number(partition.low), 0);
  } finally {
    await admin.disconnect();
  }
}

// Ctrl-C: exit normally, so that the service child processes are stopped with us.
process.once('SIGINT', () => process.exit(130));

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`demo failed: ${(error as Error).stack ?? String(error)}`);
    process.exit(1);
  },
);
