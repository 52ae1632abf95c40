import { Client } from 'pg';
import { WEBHOOK_PATH } from '../../simulator/webhook-sender';
import { ServiceChild } from '../../lib/service-child';
import { textTable } from '../../lib/text-table';
import { BENCH_SECRET, BenchRun } from '../bench-run';
import { fixedRate, PreparedRequest } from '../load';
import { percentiles, sleep } from '../stats';
import { messageRequests } from '../workloads';

const RATE = 1000;
const CHANNEL = 'bench_row_visible';

interface E2eFigures {
  name: string;
  /** Webhook accepted (its 200 arrived) → row visible. */
  p50: number;
  p99: number;
  max: number;
  /** Webhook due to be sent → its 200 (the ingress under this load). */
  ingressP99: number;
  /** Webhook due to be sent → row visible (what WSAPI would see end to end). */
  sentP99: number;
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

  const single = await measure(run, 'service', [['ROLE=all', run.service('e2e', await run.freshTopics('e2e'), { ROLE: 'all' })]], warmup, measured);
  // The README's scale-out layout on one box: ingress and consumers in two processes, one per core.
  const splitPrefix = await run.freshTopics('e2esplit');
  const split = await measure(run, 'service', [['ROLE=ingress', run.service('e2e-ingress', splitPrefix, { ROLE: 'ingress' })], ['ROLE=consumers', run.service('e2e-consumers', splitPrefix, { ROLE: 'consumers' })]], warmup, measured);
  // The bare pipeline has no migrations: it writes into the `messages` table the service created.
  const baseline = await measure(run, 'baseline', [['bare pipeline', run.barePipeline('e2e', await run.freshTopics('e2ebare'), true)]], warmup, measured, false);

  const met = (figures: E2eFigures) => figures.p99 <= 500 && figures.missing === 0;
  run.figures.push(
    { figure: '4. end-to-end p50 @ 1,000/s, one process', unit: 'ms', ours: single.p50, baseline: baseline.p50, ratio: baseline.p50 / single.p50 },
    { figure: '4. end-to-end p99 @ 1,000/s, one process', unit: 'ms', ours: single.p99, baseline: baseline.p99, ratio: baseline.p99 / single.p99, target: '≤ 500 ms', met: met(single) },
    { figure: '4. end-to-end p50 @ 1,000/s, ingress + consumers', unit: 'ms', ours: split.p50, baseline: baseline.p50, ratio: baseline.p50 / split.p50 },
    { figure: '4. end-to-end p99 @ 1,000/s, ingress + consumers', unit: 'ms', ours: split.p99, baseline: baseline.p99, ratio: baseline.p99 / split.p99, target: '≤ 500 ms', met: met(split) },
  );
  run.sections.push(
    textTable(
      ['end to end @ 1,000 new messages/s', 'ingress p99 (sent→200)', 'accepted→visible p50', 'p99', 'max', 'sent→visible p99', 'not visible'],
      [single, split, baseline].map((f) => [f.name, ms(f.ingressP99), ms(f.p50), ms(f.p99), ms(f.max), ms(f.sentP99), f.missing]),
    ),
  );
}

const ms = (value: number) => `${value.toFixed(value < 10 ? 1 : 0)} ms`;

/** The first process takes the webhooks; all of them are started first and stopped after. */
async function measure(run: BenchRun, name: string, labelled: [string, ServiceChild][], warmup: PreparedRequest[], measured: PreparedRequest[], freshDatabase = true): Promise<E2eFigures> {
  const processes = labelled.map(([, process]) => process);
  if (freshDatabase) await run.freshDatabase();
  for (const process of processes) await process.start();
  const db = new Client({ connectionString: run.databaseUrl });
  db.on('error', (error) => run.log(`e2e: lost the LISTEN connection: ${error.message}`));
  await db.connect();
  try {
    await watchInserts(db);
    const visibleAt = new Map<string, number>();
    db.on('notification', (notification) => visibleAt.set(notification.payload ?? '', performance.now()));
    await db.query(`LISTEN ${CHANNEL}`);

    const url = new URL(WEBHOOK_PATH, processes[0].baseUrl);
    // Warm-up until rows show up: consumer groups joined, connections and JIT warm.
    await fixedRate(url, warmup, 200, 5000);
    await waitUntil(() => warmup.every((request) => visibleAt.has(request.key)), 120_000);

    const result = await fixedRate(url, measured, RATE, (measured.length / RATE) * 1000);
    await waitUntil(() => measured.every((request) => visibleAt.has(request.key)), 30_000).catch(() => undefined);
    const afterAccept: number[] = [];
    const afterSend: number[] = [];
    let missing = 0;
    measured.forEach((request, i) => {
      const visible = visibleAt.get(request.key);
      if (visible === undefined || Number.isNaN(result.acceptedAt[i])) return void (missing += 1);
      // A row can commit a hair before the client has read the 200: that is 0 ms, not negative.
      afterAccept.push(Math.max(0, visible - result.acceptedAt[i]));
      afterSend.push(visible - result.acceptedAt[i] + result.latencyMs[i]);
    });
    const [p50, p99, max] = percentiles(afterAccept, 50, 99, 100);
    const [sentP99] = percentiles(afterSend, 99);
    run.log(`e2e ${name}: accepted→visible p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${max.toFixed(0)} ms; ingress p99 ${result.p99.toFixed(1)} ms; sent→visible p99 ${sentP99.toFixed(0)} ms; ${missing} not visible`);
    labelled.forEach(([label, process]) => run.recordRss(`e2e ${label}`, process, name === 'baseline'));
    return { name: `${name} (${labelled.map(([label]) => label).join(' + ')})`, p50, p99, max, ingressP99: result.p99, sentP99, missing };
  } finally {
    await db.end();
    for (const process of processes) await process.stop();
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
