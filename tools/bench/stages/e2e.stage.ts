import { Client } from 'pg';
import { WEBHOOK_PATH } from '../../../src/simulator/webhook-sender';
import { ServiceChild } from '../../lib/service-child';
import { BENCH_SECRET, BenchRun } from '../bench-run';
import { fixedRate, PreparedRequest } from '../load';
import { percentiles, sleep } from '../stats';
import { messageRequests } from '../workloads';

const RATE = 1000;
const CHANNEL = 'bench_row_visible';

interface E2eFigures {
  p50: number;
  p99: number;
  missing: number;
}

/**
 * Figure 4: webhook accepted (its 200 arrived) → row visible in `messages` (its transaction
 * committed), at a fixed 1,000 new messages/s, with the service running everything (ROLE=all).
 * "Visible" is observed with a trigger on `messages` that NOTIFYs each inserted row's key:
 * Postgres delivers a notification exactly when the inserting transaction commits.
 * Baseline: the bare pipeline (node:http + HMAC + kafkajs, a kafkajs consumer doing one raw
 * INSERT … unnest per batch) into the same table with the same trigger.
 */
export async function e2eStage(run: BenchRun): Promise<void> {
  const seconds = run.options.fixedRateSeconds;
  const warmup = messageRequests(1000, 24, BENCH_SECRET, 'e2e-warmup');
  const measured = messageRequests(RATE * seconds, 24, BENCH_SECRET, 'e2e');
  await run.freshDatabase();

  const service = run.service('e2e', await run.freshTopics('e2e'), { ROLE: 'all' });
  const ours = await measure(run, 'service', service, warmup, measured);
  const bare = run.barePipeline('e2e', await run.freshTopics('e2ebare'), true);
  const baseline = await measure(run, 'baseline', bare, warmup, measured);

  run.figures.push(
    { figure: '4. end-to-end p50 @ 1,000/s', unit: 'ms', ours: ours.p50, baseline: baseline.p50, ratio: baseline.p50 / ours.p50 },
    { figure: '4. end-to-end p99 @ 1,000/s', unit: 'ms', ours: ours.p99, baseline: baseline.p99, ratio: baseline.p99 / ours.p99, target: '≤ 500 ms', met: ours.p99 <= 500 && ours.missing === 0 },
  );
}

async function measure(run: BenchRun, name: string, process: ServiceChild, warmup: PreparedRequest[], measured: PreparedRequest[]): Promise<E2eFigures> {
  await process.start();
  const db = new Client({ connectionString: run.databaseUrl });
  db.on('error', (error) => run.log(`e2e: lost the LISTEN connection: ${error.message}`));
  await db.connect();
  try {
    await watchInserts(db);
    const visibleAt = new Map<string, number>();
    db.on('notification', (notification) => visibleAt.set(notification.payload ?? '', performance.now()));
    await db.query(`LISTEN ${CHANNEL}`);

    const url = new URL(WEBHOOK_PATH, process.baseUrl);
    // Warm-up until rows show up: consumer groups joined, connections and JIT warm.
    await fixedRate(url, warmup, 200, 5000);
    await waitUntil(() => warmup.every((request) => visibleAt.has(request.key)), 120_000);

    const result = await fixedRate(url, measured, RATE, (measured.length / RATE) * 1000);
    await waitUntil(() => measured.every((request) => visibleAt.has(request.key)), 30_000).catch(() => undefined);
    const latencies: number[] = [];
    let missing = 0;
    measured.forEach((request, i) => {
      const visible = visibleAt.get(request.key);
      if (visible === undefined || Number.isNaN(result.acceptedAt[i])) missing += 1;
      // A row can commit a hair before the client has read the 200: that is 0 ms, not negative.
      else latencies.push(Math.max(0, visible - result.acceptedAt[i]));
    });
    const [p50, p99, max] = percentiles(latencies, 50, 99, 100);
    run.log(`e2e ${name}: accepted→visible p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${max.toFixed(0)} ms; ingress p99 ${result.p99.toFixed(1)} ms; ${missing} not visible`);
    run.recordRss('e2e', process, name === 'baseline');
    return { p50, p99, missing };
  } finally {
    await db.end();
    await process.stop();
  }
}

/** A trigger of the benchmark's own, on the benchmark database only. */
async function watchInserts(db: Client): Promise<void> {
  await db.query(`
    CREATE OR REPLACE FUNCTION bench_notify_row() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN PERFORM pg_notify('${CHANNEL}', NEW.chat_id || ' ' || NEW.id); RETURN NULL; END $$`);
  await db.query('DROP TRIGGER IF EXISTS bench_notify_row ON messages');
  await db.query('TRUNCATE messages');
  await db.query('CREATE TRIGGER bench_notify_row AFTER INSERT ON messages FOR EACH ROW EXECUTE FUNCTION bench_notify_row()');
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(100);
  }
}
