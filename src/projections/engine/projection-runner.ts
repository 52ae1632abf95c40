import { Logger } from '@nestjs/common';
import { Consumer, EachBatchPayload, Kafka, TopicPartitionOffset } from 'kafkajs';
import { Sql } from '../../database/sql';
import { SqlExecutor } from '../../database/sql-executor';
import { topicName } from '../../kafka/topics';
import { BatchApplier, BatchOutcome } from './batch-applier';
import { readCheckpoints } from './checkpoints';
import { decodeBatch } from './decode-batch';
import { Projection } from './projection';
import { SerialLane } from './serial-lane';

export interface RunnerOptions {
  topicPrefix: string;
  /** Consumer group id; each projection (and each rebuild) has its own. */
  groupId: string;
  schema?: string;
  replaying: boolean;
  instanceId?: string;
  /** Per `topic:partition`, the offset a bounded rebuild stops before. */
  stopAt?: Map<string, bigint>;
  fetchMaxBytes: number;
  /** Partition batches decoded at once; their writes still go one transaction at a time. */
  partitionsConcurrently: number;
  sessionTimeoutMs: number;
  onBatch?: (outcome: BatchOutcome & { topic: string; partition: number; lastOffset: string; seconds: number }) => void;
}

const MAX_BACKOFF_MS = 10_000;
/** How long a stopping runner waits for its last Kafka commit (Postgres already holds the truth). */
const COMMIT_ON_STOP_TIMEOUT_MS = 5_000;

/**
 * Runs one projection as its own Kafka consumer group. Postgres, not Kafka, holds the truth about
 * progress: on every assignment the consumer seeks to the checkpoints stored with the rows, and
 * the applier skips anything a checkpoint already covers. Kafka offsets are committed too, after
 * the database commit, only so that lag tools see progress.
 */
export class ProjectionRunner {
  private consumer: Consumer | undefined;
  private readonly gapSeeks = new Map<string, bigint>();
  private readonly held = new Set<string>();
  /** Offsets applied in Postgres and not yet committed to Kafka, per `topic:partition`. */
  private readonly uncommitted = new Map<string, TopicPartitionOffset>();
  private committing: Promise<void> | undefined;
  /** The latest applied next offset of each partition assigned since the last rebalance. */
  private readonly applied = new Map<string, TopicPartitionOffset>();
  private readonly logger: Logger;
  private readonly topics: string[];
  /** One write at a time per projection, as with a single partition batch in flight. */
  private readonly writes = new SerialLane();

  constructor(
    private readonly projection: Projection,
    private readonly kafka: Kafka,
    private readonly sql: SqlExecutor,
    private readonly applier: BatchApplier,
    private readonly options: RunnerOptions,
  ) {
    this.logger = new Logger(`projection:${projection.name}`);
    this.topics = projection.topics.map((suffix) => topicName(options.topicPrefix, suffix));
  }

  get name(): string {
    return this.projection.name;
  }

  async start(): Promise<void> {
    const consumer = this.kafka.consumer({
      groupId: this.options.groupId,
      sessionTimeout: this.options.sessionTimeoutMs,
      heartbeatInterval: Math.floor(this.options.sessionTimeoutMs / 10),
      maxBytesPerPartition: this.options.fetchMaxBytes,
      maxBytes: this.options.fetchMaxBytes * 2,
      maxWaitTimeInMs: 250,
      retry: { retries: Number.MAX_SAFE_INTEGER, maxRetryTime: MAX_BACKOFF_MS },
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      this.applied.clear(); // partitions that moved away are the new owner's to commit
      void this.seekToCheckpoints(payload.memberAssignment).catch((error) =>
        this.logger.warn(`could not seek to stored checkpoints (the applier still skips applied offsets): ${(error as Error).message}`),
      );
    });
    await consumer.connect();
    await consumer.subscribe({ topics: this.topics, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConcurrently,
      eachBatch: (payload) => this.handleBatch(payload),
    });
  }

  /** Moves a bounded rebuild's stop offsets further and lets held partitions go on. */
  extend(stopAt: Map<string, bigint>): void {
    for (const [key, offset] of stopAt) this.options.stopAt?.set(key, offset);
    const held = [...this.held];
    this.held.clear();
    for (const key of held) {
      const [topic, partition] = splitKey(key);
      this.consumer?.seek({ topic, partition, offset: (this.options.stopAt?.get(key) ?? 0n).toString() });
      this.consumer?.resume([{ topic, partitions: [partition] }]);
    }
  }

  /**
   * A bounded rebuild must not consume past its stop offset: records beyond it were fetched but
   * not applied, so the partition goes back to the stop offset and waits (paused) there.
   */
  private holdAtStopOffset(topic: string, partition: number, lastOffset: string): void {
    const key = `${topic}:${partition}`;
    const stop = this.options.stopAt?.get(key);
    if (stop === undefined || BigInt(lastOffset) < stop) return;
    this.consumer?.seek({ topic, partition, offset: stop.toString() });
    this.consumer?.pause([{ topic, partitions: [partition] }]);
    this.held.add(key);
  }

  /**
   * Graceful: kafkajs stops fetching, waits for the batch in flight (its checkpoint commits with
   * its rows), then leaves the group. Kafka's copy of the offsets is flushed on the way out (see
   * settleCommits), so the group's committed offsets match the checkpoints for lag tools.
   */
  async stop(): Promise<void> {
    const consumer = this.consumer;
    await this.settleCommits();
    await consumer?.disconnect();
    this.consumer = undefined;
  }

  /** Waits for the Kafka commit in flight, but not for a coordinator that does not answer. */
  private async settleCommits(): Promise<void> {
    if (this.committing) await this.withinStopTimeout(this.committing);
  }

  private async withinStopTimeout(work: Promise<void>): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const givenUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, COMMIT_ON_STOP_TIMEOUT_MS)));
    await Promise.race([work, givenUp]);
    clearTimeout(timer);
  }

  private async handleBatch({ batch, resolveOffset, heartbeat, isRunning, isStale, commitOffsetsIfNecessary }: EachBatchPayload): Promise<void> {
    if (batch.messages.length === 0) return;
    const started = performance.now();
    const outcome = await this.applyWithRetry(batch.topic, batch.partition, batch.messages, heartbeat, () => isRunning() && !isStale());
    if (!outcome) return; // stopped or partition revoked: the next owner starts from the checkpoint
    if (outcome.seekTo !== undefined) {
      this.gapSeeks.set(`${batch.topic}:${batch.partition}`, outcome.seekTo);
      this.consumer?.seek({ topic: batch.topic, partition: batch.partition, offset: outcome.seekTo.toString() });
      return;
    }
    const lastOffset = batch.messages[batch.messages.length - 1].offset;
    this.options.onBatch?.({ ...outcome, topic: batch.topic, partition: batch.partition, lastOffset, seconds: (performance.now() - started) / 1000 });
    resolveOffset(lastOffset);
    this.holdAtStopOffset(batch.topic, batch.partition, lastOffset);
    this.commitToKafka(batch.topic, batch.partition, BigInt(lastOffset) + 1n);
    // Stopping: the group is left once this batch returns, so the commits go out first.
    if (!isRunning()) await this.commitBeforeLeaving(commitOffsetsIfNecessary);
    await heartbeat().catch(() => undefined);
  }

  /**
   * Kafka's copy of the progress is for lag tools only, so it never holds a batch up: kafkajs
   * retries a commit against the group coordinator until it answers, and a dead coordinator would
   * stall the projection for as long as it stays down (the rejoin that finds the new one waits for
   * the batch to end). One commit in flight, carrying the latest offset of each partition.
   */
  private commitToKafka(topic: string, partition: number, nextOffset: bigint): void {
    const offset = { topic, partition, offset: nextOffset.toString() };
    this.applied.set(`${topic}:${partition}`, offset);
    this.uncommitted.set(`${topic}:${partition}`, offset);
    this.committing ??= this.flushCommits().finally(() => (this.committing = undefined));
  }

  private async flushCommits(): Promise<void> {
    while (this.uncommitted.size > 0 && this.consumer) {
      const offsets = [...this.uncommitted.values()];
      this.uncommitted.clear();
      await this.consumer.commitOffsets(offsets).catch(() => undefined);
    }
  }

  /**
   * Once stopping, kafkajs turns consumer.commitOffsets into a no-op (a flush in flight may have
   * dropped offsets so), but a batch's own commit still reaches the group: everything applied
   * since the last rebalance goes through it (committing an offset twice is harmless).
   */
  private async commitBeforeLeaving(commit: EachBatchPayload['commitOffsetsIfNecessary']): Promise<void> {
    await this.settleCommits();
    const byTopic = new Map<string, { partition: number; offset: string }[]>();
    for (const { topic, partition, offset } of this.applied.values()) byTopic.set(topic, [...(byTopic.get(topic) ?? []), { partition, offset }]);
    await this.withinStopTimeout(commit({ topics: [...byTopic].map(([topic, partitions]) => ({ topic, partitions })) }).catch(() => undefined));
  }

  /** Retries a batch that failed for a transient reason (Postgres down, broker busy) with backoff. */
  private async applyWithRetry(
    topic: string,
    partition: number,
    messages: EachBatchPayload['batch']['messages'],
    heartbeat: () => Promise<void>,
    stillOwned: () => boolean,
  ): Promise<BatchOutcome | undefined> {
    // Decoding is pure: done once, outside the write lane, and reused by every retry.
    const decoded = await decodeBatch(this.projection, topic, partition, messages, this.options.instanceId);
    for (let attempt = 0; stillOwned(); attempt += 1) {
      try {
        const key = `${topic}:${partition}`;
        const outcome = await this.writes.run(() =>
          this.applier.write(this.projection, decoded, {
            schema: this.options.schema,
            replaying: this.options.replaying,
            instanceId: this.options.instanceId,
            stopAt: this.options.stopAt?.get(key),
            // A gap we already went back for once is real (the records are gone): accept it.
            allowGap: this.gapSeeks.has(key),
          }),
        );
        if (outcome.seekTo === undefined) this.gapSeeks.delete(key);
        return outcome;
      } catch (error) {
        const delay = Math.min(MAX_BACKOFF_MS, 200 * 2 ** attempt) * (0.5 + Math.random() / 2);
        this.logger.warn({
          msg: `batch failed, retrying in ${Math.round(delay)} ms: ${(error as Error).message}`,
          projection: this.projection.name,
          topic,
          partition,
          firstOffset: messages[0]?.offset,
          lastOffset: messages[messages.length - 1]?.offset,
          attempt: attempt + 1,
        });
        await sleep(delay);
        await heartbeat().catch(() => undefined);
      }
    }
    return undefined;
  }

  private async seekToCheckpoints(assignment: Record<string, number[]>): Promise<void> {
    const consumer = this.consumer;
    if (!consumer) return;
    const { schema } = this.options;
    const read = (sql: Sql) => readCheckpoints(sql, this.projection.name, this.topics);
    const stored = schema === undefined ? await read(this.sql) : await this.sql.inSchema(schema, read);
    for (const [topic, partitions] of Object.entries(assignment)) {
      for (const partition of partitions) {
        const next = stored.get(`${topic}:${partition}`);
        if (next !== undefined) consumer.seek({ topic, partition, offset: next.toString() });
      }
    }
  }
}

function splitKey(key: string): [string, number] {
  const at = key.lastIndexOf(':');
  return [key.slice(0, at), Number(key.slice(at + 1))];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
