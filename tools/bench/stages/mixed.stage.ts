import { BenchRun } from '../bench-run';
import { feedTopics } from '../kafka-feed';
import { decodeCosts, renderDecodeCosts } from '../decode-cost';
import { rawCopyBaseline } from '../raw-copy';
import { mixedEvents } from '../workloads';
import { sumOf, timeCatchUp } from './catch-up';

/** Every table the projections write (read models and their bookkeeping). */
const PROJECTED_TABLES = ['contacts', 'chats', 'groups', 'group_participants', 'group_snapshots', 'messages', 'instances', 'instance_history_chunks'];

/**
 * Figure 2b: a realistic live mix (each instance's initial-sync webhooks — contacts, push names,
 * chat settings, group changes, messages with receipts, reactions, edits, deletes, presence,
 * calls — and its three REST snapshots) already in Kafka; every projection works through it.
 * Baseline: the final rows of every read model, bulk-upserted raw into identical empty tables,
 * expressed as events/s (events ÷ that time). It writes only final rows, so it is a lower bound.
 */
export async function mixedStage(run: BenchRun): Promise<void> {
  await run.freshDatabase();
  const prefix = await run.freshTopics('mix');
  const events = mixedEvents(run.options.mixedInstances);
  const feed = await feedTopics(run.kafka, prefix, events);
  run.log(`mixed: produced ${feed.records} events of ${new Set(events.map((event) => event.eventType)).size} types (${(feed.bytes / 1e6).toFixed(0)} MB) in ${feed.seconds.toFixed(1)} s`);

  const service = run.service('mixed', prefix, { ROLE: 'consumers' });
  const client = await service.start();
  let catchUp;
  try {
    // Done when no projection has anything left. The lag endpoint is costly, so it is asked only
    // once progress has stalled for a poll.
    let previous = -1;
    const finished = async (applied: number) => {
      const stalled = applied === previous;
      previous = applied;
      return stalled && (await client.totalLag()) === 0;
    };
    catchUp = await timeCatchUp(client, sumOf, finished, 20 * 60_000);
    run.recordRss('mixed', service);
  } finally {
    await service.stop();
  }
  const { seconds, doneAtStart } = catchUp;
  const ours = (feed.records * (1 - doneAtStart)) / seconds;
  run.log(`mixed: ${ours.toFixed(0)} events/s (${seconds.toFixed(1)} s after ${(doneAtStart * 100).toFixed(1)} % were done at the first poll)`);
  const raw = await rawCopyBaseline(run.databaseUrl, PROJECTED_TABLES);
  const baseline = feed.records / raw.seconds;
  run.log(`mixed baseline: ${raw.rows} final rows in ${raw.seconds.toFixed(2)} s → ${baseline.toFixed(0)} events/s equivalent`);
  run.sections.push(renderDecodeCosts(decodeCosts(events, () => 1, 'event of the mixed stream')));
  const ratio = ours / baseline;
  run.figures.push({ figure: `2. projection, mixed live events (${(feed.records / 1000).toFixed(0)}k)`, unit: 'events/s', ours, baseline, ratio, target: '≥ 75 % of baseline', met: ratio >= 0.75 });
}
