import 'reflect-metadata';
import { join } from 'node:path';
import { generateAccountStream, SMALL_ACCOUNT } from '../simulator/account-stream';
import { WEBHOOK_PATH } from '../../src/ingress/webhook-http-handler';
import { fixedRate, PreparedRequest, signedWebhookHeaders } from '../bench/load';
import { databaseUrlNamed, ensureLocalStack, recreateDatabase, REPO_ROOT } from '../lib/local-stack';
import { currentRssOf, ServiceChild } from '../lib/service-child';
import { formatCount, textTable } from '../lib/text-table';

/**
 * Soak: a steady webhook rate against the compiled service for a long time, reporting per window
 * throughput, errors, latency, consumer lag and memory — to show that neither memory nor lag grows.
 *   npm run soak -- [--minutes 10] [--rate 200] [--window 30]
 */
const SECRET = 'soak-signing-secret';

interface WindowRow {
  minute: number;
  sent: number;
  accepted: number;
  errors: number;
  p50: number;
  p99: number;
  lag: number;
  rssMb: number;
}

async function main(): Promise<void> {
  const minutes = numberArg('--minutes', 10);
  const rate = numberArg('--rate', 200);
  const windowSeconds = numberArg('--window', 30);
  ensureLocalStack();
  const databaseUrl = databaseUrlNamed('wsapi_sync_soak');
  await recreateDatabase(databaseUrl);
  const service = new ServiceChild(
    { KAFKA_TOPIC_PREFIX: `soak${Date.now().toString(36)}`, DATABASE_URL: databaseUrl, WSAPI_SIGNING_SECRET: SECRET, LOG_LEVEL: 'warn', OUTBOX_DISPATCHER_ENABLED: 'false' },
    join(REPO_ROOT, '.cache/soak/service.log'),
  );
  const client = await service.start();
  const url = new URL(WEBHOOK_PATH, service.baseUrl);
  const rows: WindowRow[] = [];
  const windows = Math.ceil((minutes * 60) / windowSeconds);
  process.stdout.write(`soak: ${rate} signed webhooks/s for ${minutes} min, ${windows} windows of ${windowSeconds} s (service pid ${service.pid})\n`);
  try {
    for (let window = 0; window < windows; window += 1) {
      const result = await fixedRate(url, requestsFor(window, rate * windowSeconds), rate, windowSeconds * 1000);
      const row: WindowRow = {
        minute: ((window + 1) * windowSeconds) / 60,
        sent: result.sent,
        accepted: result.accepted,
        errors: result.sent - result.accepted,
        p50: result.p50,
        p99: result.p99,
        lag: await client.totalLag(),
        rssMb: currentRssOf(service.pid!) / 2 ** 20,
      };
      rows.push(row);
      process.stdout.write(`${formatWindow(row)}\n`);
    }
    const drainStarted = Date.now();
    while ((await client.totalLag()) > 0 && Date.now() - drainStarted < 180_000) await new Promise((resolve) => setTimeout(resolve, 1000));
    const finalLag = await client.totalLag();
    process.stdout.write(`\n${report(rows, finalLag, (Date.now() - drainStarted) / 1000, service.peakRssBytes() / 2 ** 20)}\n`);
  } finally {
    await service.stop();
  }
}

/** Each window sends events nobody sent before (fresh seed → fresh instance and event ids). */
function requestsFor(window: number, count: number): PreparedRequest[] {
  const requests: PreparedRequest[] = [];
  for (let seed = 1000 + window * 100; requests.length < count; seed += 1) {
    for (const event of generateAccountStream(seed, { ...SMALL_ACCOUNT, liveMessagesPerChat: 200, historyMessagesPerChat: 100 })) {
      const body = Buffer.from(JSON.stringify(event));
      requests.push({ body, headers: signedWebhookHeaders(body, SECRET), key: event.eventId });
      if (requests.length === count) break;
    }
  }
  return requests;
}

function formatWindow(row: WindowRow): string {
  return `t=${row.minute.toFixed(1)} min  sent ${row.sent}  ok ${row.accepted}  errors ${row.errors}  p50 ${row.p50.toFixed(1)} ms  p99 ${row.p99.toFixed(1)} ms  lag ${row.lag}  rss ${row.rssMb.toFixed(0)} MB`;
}

function report(rows: WindowRow[], finalLag: number, drainSeconds: number, peakRssMb: number): string {
  const half = Math.floor(rows.length / 2);
  const average = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(values.length, 1);
  const rssFirst = average(rows.slice(1, half).map((r) => r.rssMb)); // window 0 is warm-up
  const rssSecond = average(rows.slice(half).map((r) => r.rssMb));
  const lagFirst = Math.max(...rows.slice(0, half).map((r) => r.lag));
  const lagSecond = Math.max(...rows.slice(half).map((r) => r.lag));
  const table = textTable(
    ['minute', 'sent', 'accepted', 'errors', 'p50 ms', 'p99 ms', 'lag', 'RSS MB'],
    rows.map((r) => [r.minute.toFixed(1), formatCount(r.sent), formatCount(r.accepted), r.errors, r.p50.toFixed(1), r.p99.toFixed(1), formatCount(r.lag), r.rssMb.toFixed(0)]),
  );
  const totals = rows.reduce((sum, r) => ({ sent: sum.sent + r.sent, accepted: sum.accepted + r.accepted }), { sent: 0, accepted: 0 });
  return [
    table,
    '',
    `total: ${formatCount(totals.sent)} sent, ${formatCount(totals.accepted)} accepted, ${formatCount(totals.sent - totals.accepted)} errors`,
    `memory: average RSS ${rssFirst.toFixed(0)} MB in the first half (after warm-up) vs ${rssSecond.toFixed(0)} MB in the second (${(((rssSecond - rssFirst) / rssFirst) * 100).toFixed(1)}%); peak ${peakRssMb.toFixed(0)} MB`,
    `lag: largest ${formatCount(lagFirst)} in the first half vs ${formatCount(lagSecond)} in the second; ${formatCount(finalLag)} left ${drainSeconds.toFixed(0)} s after the load stopped`,
  ].join('\n');
}

function numberArg(name: string, fallback: number): number {
  const index = process.argv.indexOf(name);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} needs a positive number`);
  return value;
}

main().catch((error: unknown) => {
  process.stderr.write(`soak failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
