import { WEBHOOK_PATH } from '../../simulator/webhook-sender';
import { ServiceChild } from '../../lib/service-child';
import { BENCH_SECRET, BenchRun } from '../bench-run';
import { fixedRate, PreparedRequest, sustainedThroughput } from '../load';
import { messageRequests } from '../workloads';

const CONCURRENCY = 64;
const RATE = 1000;

interface IngressFigures {
  perSecond: number;
  p50: number;
  p99: number;
}

/**
 * Figure 1: signed `message` webhooks against the service (ROLE=ingress, so only the ingress uses
 * the CPU) and against the bare baseline (node:http + HMAC + the same kafkajs publish), each:
 * closed-loop throughput with 64 connections, then latency at a fixed 1,000 webhooks/s.
 */
export async function ingressStage(run: BenchRun): Promise<void> {
  const requests = messageRequests(20_000, 24, BENCH_SECRET, 'ingress');
  run.log(`ingress: ${requests.length} distinct signed webhooks, ~${Math.round(requests.reduce((sum, r) => sum + r.body.length, 0) / requests.length)} bytes each`);
  await run.freshDatabase();

  const service = run.service('ingress', await run.freshTopics('ing'), { ROLE: 'ingress' });
  const ours = await measure(run, 'service', service, requests);
  const bare = run.barePipeline('ingress', await run.freshTopics('ingbare'), false);
  const baseline = await measure(run, 'baseline', bare, requests);

  const ratio = ours.perSecond / baseline.perSecond;
  run.figures.push(
    { figure: '1. ingress, sustained (acks=all, 64 conns)', unit: 'webhooks/s', ours: ours.perSecond, baseline: baseline.perSecond, ratio, target: '≥ 70 % of baseline', met: ratio >= 0.7 },
    { figure: '1. ingress latency p50 @ 1,000/s', unit: 'ms', ours: ours.p50, baseline: baseline.p50, ratio: baseline.p50 / ours.p50 },
    { figure: '1. ingress latency p99 @ 1,000/s', unit: 'ms', ours: ours.p99, baseline: baseline.p99, ratio: baseline.p99 / ours.p99 },
  );
}

async function measure(run: BenchRun, name: string, process: ServiceChild, requests: PreparedRequest[]): Promise<IngressFigures> {
  await process.start();
  try {
    const url = new URL(WEBHOOK_PATH, process.baseUrl);
    await fixedRate(url, requests, 500, 2000); // warm-up: connections, JIT, producer
    const sustained = await sustainedThroughput(url, requests, CONCURRENCY, 3000, run.options.sustainedSeconds * 1000);
    run.log(`ingress ${name}: ${sustained.perSecond.toFixed(0)} webhooks/s sustained (${sustained.accepted} accepted, ${sustained.failed} failed)`);
    const fixed = await fixedRate(url, requests, RATE, run.options.fixedRateSeconds * 1000);
    run.log(`ingress ${name}: @${RATE}/s p50 ${fixed.p50.toFixed(2)} ms, p99 ${fixed.p99.toFixed(2)} ms (${fixed.accepted}/${fixed.sent} accepted)`);
    run.recordRss(name === 'baseline' ? 'ingress bare pipeline' : 'ingress', process, name === 'baseline');
    return { perSecond: sustained.perSecond, p50: fixed.p50, p99: fixed.p99 };
  } finally {
    await process.stop();
  }
}
