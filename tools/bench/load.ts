import { Agent } from 'node:http';
import { keepAliveAgent, postBytes } from '../simulator/http-post';
import { signBody } from '../../src/wsapi/signature';
import { percentiles } from './stats';

/** One pre-built webhook: exact bytes and headers (signature computed before the clock starts). */
export interface PreparedRequest {
  body: Buffer;
  headers: Record<string, string>;
  /** What identifies the event downstream (the e2e stage waits for this row). */
  key: string;
}

/** The headers WSAPI sends with a webhook signed with `secret` (signature computed now, before any clock starts). */
export function signedWebhookHeaders(body: Buffer, secret: string, extra: Record<string, string> = {}): Record<string, string> {
  return { 'content-type': 'application/json', ...extra, 'x-webhook-signature': signBody(body, secret) };
}

export interface ThroughputResult {
  accepted: number;
  failed: number;
  seconds: number;
  perSecond: number;
}

/**
 * Closed loop: `concurrency` connections each post the next request as soon as the previous one is
 * answered, for `warmupMs` (not counted) and then `measureMs`. Sustained throughput = 200s/second.
 */
export async function sustainedThroughput(url: URL, requests: PreparedRequest[], concurrency: number, warmupMs: number, measureMs: number): Promise<ThroughputResult> {
  const agent = keepAliveAgent(concurrency);
  const start = performance.now();
  const measureFrom = start + warmupMs;
  const stopAt = measureFrom + measureMs;
  let next = 0;
  let accepted = 0;
  let failed = 0;
  const worker = async () => {
    while (performance.now() < stopAt) {
      const request = requests[next++ % requests.length];
      let ok = false;
      try {
        ok = (await postBytes(url, request.body, request.headers, agent)).status === 200;
      } catch {
        ok = false;
      }
      const now = performance.now();
      if (now >= measureFrom && now < stopAt) ok ? (accepted += 1) : (failed += 1);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
  return { accepted, failed, seconds: measureMs / 1000, perSecond: accepted / (measureMs / 1000) };
}

export interface FixedRateResult {
  sent: number;
  accepted: number;
  /** Per request: ms from its scheduled send time to the 200 (NaN if not accepted). */
  latencyMs: Float64Array;
  /** Per request: performance.now() when the 200 arrived. */
  acceptedAt: Float64Array;
  p50: number;
  p99: number;
  achievedPerSecond: number;
}

/**
 * Open loop at a fixed rate: request i is due at start + i/rate whatever happened to the others,
 * and its latency counts from that due time — a slow answer cannot hide the queueing it causes
 * (no coordinated omission).
 */
export async function fixedRate(url: URL, requests: PreparedRequest[], perSecond: number, durationMs: number, agent: Agent = keepAliveAgent(256)): Promise<FixedRateResult> {
  const total = Math.round((perSecond * durationMs) / 1000);
  const latencyMs = new Float64Array(total).fill(NaN);
  const acceptedAt = new Float64Array(total).fill(NaN);
  const interval = 1000 / perSecond;
  const start = performance.now() + 20;
  let issued = 0;
  let done = 0;
  let accepted = 0;
  await new Promise<void>((resolve) => {
    const send = (i: number) => {
      const due = start + i * interval;
      const request = requests[i % requests.length];
      postBytes(url, request.body, request.headers, agent)
        .then((response) => {
          if (response.status !== 200) return;
          const now = performance.now();
          acceptedAt[i] = now;
          latencyMs[i] = now - due;
          accepted += 1;
        })
        .catch(() => undefined)
        .finally(() => {
          done += 1;
          if (done === total) resolve();
        });
    };
    const tick = () => {
      const now = performance.now();
      while (issued < total && start + issued * interval <= now) send(issued++);
      if (issued < total) setTimeout(tick, Math.max(0, Math.min(1, start + issued * interval - performance.now())));
    };
    tick();
  });
  agent.destroy();
  const [p50, p99] = percentiles(latencyMs.filter((value) => !Number.isNaN(value)), 50, 99);
  return { sent: total, accepted, latencyMs, acceptedAt, p50, p99, achievedPerSecond: total / ((performance.now() - start) / 1000) };
}
