import { Client } from 'pg';
import { BenchRun } from '../bench-run';
import { feedTopics } from '../kafka-feed';
import { decodeCosts, renderDecodeCosts } from '../decode-cost';
import { rawCopyBaseline } from '../raw-copy';
import { historyAccounts, historyEvents } from '../workloads';
import { timeCatchUp, untilCaughtUp } from './catch-up';

const INSTANCES = 12;

/**
 * Figure 2a: the service (ROLE=consumers, every projection running) works through N history
 * messages already in `<prefix>.history` (chunks of ≤ 500, 12 instances over 6 partitions);
 * messages/s = history messages landed in `messages` per second. Baseline: the same `messages`
 * rows, bulk-upserted raw with unnest into an identical empty table.
 */
export async function projectionStage(run: BenchRun): Promise<void> {
  const target = run.options.historyMessages;
  await run.freshDatabase();
  const prefix = await run.freshTopics('hist');
  const accounts = historyAccounts(target, INSTANCES);
  const feed = await feedTopics(run.kafka, prefix, historyEvents(accounts));
  const messages = distinctMessages(accounts);
  run.log(`projection: produced ${feed.records} history chunks (${messages.toLocaleString()} messages, ${(feed.bytes / 1e6).toFixed(0)} MB) in ${feed.seconds.toFixed(1)} s`);

  const service = run.service('projection', prefix, { ROLE: 'consumers' });
  const client = await service.start();
  let catchUp;
  try {
    catchUp = await timeCatchUp(client, (applied) => applied.get('messages') ?? 0, async (applied) => applied >= feed.records, 30 * 60_000);
    await untilCaughtUp(client, 10 * 60_000); // chats and sync-state read the history topic too
    run.recordRss('projection', service);
  } finally {
    await service.stop();
  }
  const rows = await countRows(run.databaseUrl, 'messages');
  if (rows !== messages) throw new Error(`messages holds ${rows} rows, expected ${messages}`);
  const ours = (messages * (1 - catchUp.doneAtStart)) / catchUp.seconds;
  run.log(`projection: ${ours.toFixed(0)} messages/s (${catchUp.seconds.toFixed(1)} s after ${(catchUp.doneAtStart * 100).toFixed(1)} % were done at the first poll)`);

  const rawUpsert = await rawCopyBaseline(run.databaseUrl, ['messages']);
  const baseline = rawUpsert.rows / rawUpsert.seconds;
  run.log(`projection baseline: ${rawUpsert.rows} rows in ${rawUpsert.seconds.toFixed(1)} s = ${baseline.toFixed(0)} rows/s (batches of ${rawUpsert.batchRows})`);
  run.history = { prefix, messages, chunks: feed.records, rawUpsert };
  const sample = [...historyEvents(historyAccounts(20_000, 2))];
  run.sections.push(renderDecodeCosts(decodeCosts(sample, (event) => (event.eventData.messages as unknown[]).length, 'history message')));
  const ratio = ours / baseline;
  run.figures.push({
    figure: `2. projection, history → messages (${(messages / 1000).toFixed(0)}k)`,
    unit: 'msgs/s',
    ours,
    baseline,
    ratio,
    target: '≥ 75 % of baseline',
    met: ratio >= 0.75,
  });
}

async function countRows(databaseUrl: string, table: string): Promise<number> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    return Number((await db.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
  } finally {
    await db.end();
  }
}

/** Each generated history message is a distinct row (no live overlap in this workload). */
function distinctMessages(accounts: ReturnType<typeof historyAccounts>): number {
  return accounts.reduce((sum, account) => sum + account.chats.reduce((total, chat) => total + chat.historyCount, 0), 0);
}
