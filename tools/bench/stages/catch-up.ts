import { ServiceClient } from '../../simulator/service-client';
import { appliedByProjection } from '../service-metrics';

export interface CatchUp {
  /** From the first poll that saw progress to the one that saw the backlog done. */
  seconds: number;
  /** Share of the work already done at that first poll (left out of `seconds` and of the count). */
  doneAtStart: number;
}

/**
 * Measures how fast a service works through a backlog that is already in Kafka. Polls its
 * applied-events counters every 100 ms; `progress` turns them into one number, `finished` says
 * when the backlog is done. The work done before the first poll that saw progress (consumer
 * group join included) is left out on both sides of the rate.
 */
export async function timeCatchUp(
  client: ServiceClient,
  progress: (applied: Map<string, number>) => number,
  finished: (progressNow: number) => Promise<boolean>,
  timeoutMs: number,
): Promise<CatchUp> {
  const deadline = Date.now() + timeoutMs;
  let start: { at: number; progress: number } | undefined;
  for (;;) {
    const now = performance.now();
    const current = progress(await appliedByProjection(client.baseUrl));
    if (!start && current > 0) start = { at: now, progress: current };
    if (start && (await finished(current))) return { seconds: (now - start.at) / 1000, doneAtStart: start.progress / current };
    if (Date.now() > deadline) throw new Error(`backlog not worked through within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function untilCaughtUp(client: ServiceClient, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await client.totalLag()) > 0) {
    if (Date.now() > deadline) throw new Error('projections did not catch up');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export const sumOf = (values: Map<string, number>) => [...values.values()].reduce((total, value) => total + value, 0);
