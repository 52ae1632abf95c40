import { Kafka } from 'kafkajs';
import { join } from 'node:path';
import { createKafka } from '../../src/kafka/kafka-client';
import { provisionTopics } from '../../src/kafka/topic-provisioner';
import { databaseUrlNamed, KAFKA_BROKERS, recreateDatabase, REPO_ROOT } from '../lib/local-stack';
import { ServiceChild } from '../lib/service-child';
import { Figure } from './figures';
import { BenchOptions } from './options';
import { RawCopyResult } from './raw-copy';

export const BENCH_SECRET = 'bench-signing-secret';
export const BENCH_PARTITIONS = 6;
const BARE_ENTRY = join(__dirname, 'bare-pipeline.js');

/** What the stages share: options, the Kafka client, the database, and the figures collected so far. */
export class BenchRun {
  readonly kafka: Kafka = createKafka(KAFKA_BROKERS, 'wsapi-sync-bench');
  readonly databaseUrl = databaseUrlNamed('wsapi_sync_bench');
  readonly figures: Figure[] = [];
  /** Extra tables printed after the figures (e.g. where the projection CPU goes). */
  readonly sections: string[] = [];
  /** Peak RSS (VmHWM) of each process we measured, by stage. */
  readonly peakRss: { stage: string; bytes: number; baseline?: boolean }[] = [];
  private readonly runId = Date.now().toString(36);
  /** Left by the projection stage for the rebuild stage: the history's topics and its raw-upsert baseline. */
  history?: { prefix: string; messages: number; chunks: number; rawUpsert: RawCopyResult };

  constructor(readonly options: BenchOptions) {}

  log(text: string): void {
    process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${text}\n`);
  }

  /** A fresh topic prefix with every topic created (6 partitions, as the service would). */
  async freshTopics(stage: string): Promise<string> {
    const prefix = `bench${this.runId}${stage}`;
    await provisionTopics(this.kafka, { prefix, partitions: BENCH_PARTITIONS, replicationFactor: 1 });
    return prefix;
  }

  freshDatabase(): Promise<void> {
    return recreateDatabase(this.databaseUrl);
  }

  /** The compiled service, configured for a stage (no WSAPI, logs at warn into .cache/bench/<stage>.log). */
  service(stage: string, prefix: string, env: Record<string, string> = {}): ServiceChild {
    return new ServiceChild(
      {
        DATABASE_URL: this.databaseUrl,
        KAFKA_BROKERS,
        KAFKA_TOPIC_PREFIX: prefix,
        KAFKA_TOPIC_PARTITIONS: String(BENCH_PARTITIONS),
        WSAPI_SIGNING_SECRET: BENCH_SECRET,
        // The sync cycle's jobs would call WSAPI, which the benchmark does not simulate.
        OUTBOX_DISPATCHER_ENABLED: 'false',
        LOG_LEVEL: this.options.logLevel,
        ...this.memoryTuning(),
        ...env,
      },
      join(REPO_ROOT, `.cache/bench/${stage}.log`),
    );
  }

  /** The fetch size and heap cap the service and the replay CLI run with (see options.ts). */
  memoryTuning(): Record<string, string> {
    const tuning: Record<string, string> = { PROJECTION_FETCH_MAX_BYTES: String(this.options.fetchMaxBytes) };
    if (this.options.heapMb > 0) tuning.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=${this.options.heapMb}`.trim();
    return tuning;
  }

  /** The bare baseline pipeline (tools/bench/bare-pipeline.ts) publishing to `<prefix>.messages`. */
  barePipeline(stage: string, prefix: string, consume: boolean): ServiceChild {
    return new ServiceChild(
      { KAFKA_BROKERS, BARE_SECRET: BENCH_SECRET, BARE_TOPIC: `${prefix}.messages`, BARE_CONSUME: consume ? '1' : '0', DATABASE_URL: this.databaseUrl },
      join(REPO_ROOT, `.cache/bench/${stage}-baseline.log`),
      BARE_ENTRY,
    );
  }

  recordRss(stage: string, process: ServiceChild | number, baseline = false): void {
    const bytes = typeof process === 'number' ? process : process.peakRssBytes();
    this.peakRss.push({ stage, bytes, baseline });
  }
}
