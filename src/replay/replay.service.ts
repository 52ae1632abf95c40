import { Inject, Injectable, Logger } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { AppConfig } from '../config/app-config';
import { topicName } from '../kafka/topics';
import { BatchApplier } from '../projections/engine/batch-applier';
import { PROJECTIONS, Projection } from '../projections/engine/projection';
import { ProjectionRunner } from '../projections/engine/projection-runner';
import { quoteIdentifier, Sql } from '../database/sql';
import { SqlExecutor } from '../database/sql-executor';
import { ProgressMeter, ReplayProgress } from './progress';
import { ReplayErrorCode, ReplayException } from './replay.exception';
import { createShadowSchema, dropShadowSchema, shadowSchemaName } from './shadow-schema';

export interface ReplayOptions {
  /** Rebuild only this instance's rows. */
  instanceId?: string;
  /** Build the shadow tables and report the differences, but leave the live tables as they are. */
  dryRun?: boolean;
  onProgress?: (progress: ReplayProgress) => void;
}

export interface TableDifference {
  onlyInRebuild: number;
  onlyInLive: number;
}

export interface ReplaySummary {
  projection: string;
  /** The projection's version whose rules wrote the rebuilt rows. */
  version: number;
  eventsRead: number;
  rowsWritten: Record<string, number>;
  deadLettered: number;
  durationMs: number;
  swapped: boolean;
  differences: Record<string, TableDifference>;
}

type Offsets = Map<string, bigint>;

const MAX_CATCH_UP_ROUNDS = 10;
const POLL_MS = 200;

/**
 * Rebuilds read models from the Kafka topics without downtime for readers: a projection replays
 * into shadow tables (its own consumer group, side effects off), then one transaction swaps the
 * rows (and, for a full rebuild, the checkpoints) into the live tables. Readers see the old rows
 * until that commit, the new ones after it. The live consumer resumes from the swapped-in
 * checkpoints by itself (the applier notices it is ahead and seeks back).
 */
@Injectable()
export class ReplayService {
  private readonly logger = new Logger(ReplayService.name);
  private running = false;

  constructor(
    @Inject(PROJECTIONS) private readonly projections: Projection[],
    @Inject(Kafka) private readonly kafka: Kafka,
    private readonly sql: SqlExecutor,
    private readonly applier: BatchApplier,
    private readonly config: AppConfig,
  ) {}

  projectionNames(): string[] {
    return this.projections.map((projection) => projection.name);
  }

  async rebuild(which: string, options: ReplayOptions = {}): Promise<ReplaySummary[]> {
    const selected = which === 'all' ? this.projections : this.projections.filter((projection) => projection.name === which);
    if (selected.length === 0) {
      throw new ReplayException(ReplayErrorCode.UnknownProjection, `unknown projection "${which}"; known: all, ${this.projectionNames().join(', ')}`);
    }
    if (this.running) throw new ReplayException(ReplayErrorCode.AlreadyRunning, 'a rebuild is already running in this process');
    this.running = true;
    try {
      const summaries: ReplaySummary[] = [];
      for (const projection of selected) summaries.push(await this.rebuildOne(projection, options));
      return summaries;
    } finally {
      this.running = false;
    }
  }

  private async rebuildOne(projection: Projection, options: ReplayOptions): Promise<ReplaySummary> {
    const started = Date.now();
    const schema = shadowSchemaName(projection.name);
    const topics = projection.topics.map((suffix) => topicName(this.config.KAFKA_TOPIC_PREFIX, suffix));
    await createShadowSchema(this.sql, schema, projection.tables);

    // A full rebuild goes to the end of the log; an instance rebuild to exactly where the live
    // projection is, so that swapping that instance's rows loses and repeats nothing.
    const stopAt = options.instanceId ? await this.liveCheckpoints(projection.name, topics) : await this.endOffsets(topics);
    const groupId = `${this.config.KAFKA_CONSUMER_GROUP_PREFIX ?? this.config.KAFKA_TOPIC_PREFIX}.rebuild.${projection.name}.${Date.now()}`;
    let deadLettered = 0;
    const runner = new ProjectionRunner(projection, this.kafka, this.sql, this.applier, {
      topicPrefix: this.config.KAFKA_TOPIC_PREFIX,
      groupId,
      schema,
      replaying: true,
      instanceId: options.instanceId,
      stopAt: new Map(stopAt),
      fetchMaxBytes: this.config.PROJECTION_FETCH_MAX_BYTES,
      partitionsConcurrently: this.config.PROJECTION_PARTITIONS_CONCURRENTLY,
      sessionTimeoutMs: this.config.KAFKA_SESSION_TIMEOUT_MS,
      onBatch: (outcome) => (deadLettered += outcome.deadLettered),
    });

    let swapped = false;
    let differences: Record<string, TableDifference> = {};
    await runner.start();
    try {
      let target = stopAt;
      for (let round = 1; ; round += 1) {
        await this.waitUntilReached(projection.name, schema, target, options.onProgress);
        if (options.dryRun) {
          differences = await this.compare(projection, schema, options.instanceId);
          break;
        }
        const moved = await this.swap(projection, schema, target, options.instanceId);
        if (!moved) {
          swapped = true;
          break;
        }
        if (round >= MAX_CATCH_UP_ROUNDS) {
          throw new ReplayException(ReplayErrorCode.LiveKeptMoving, `live ${projection.name} kept moving; try again when the stream is quieter`);
        }
        target = moved;
        runner.extend(moved);
      }
      const rowsWritten = await this.countRows(schema, projection.tables);
      const eventsRead = sum(await this.shadowCheckpoints(projection.name, schema));
      return { projection: projection.name, version: projection.version, eventsRead, rowsWritten, deadLettered, durationMs: Date.now() - started, swapped, differences };
    } finally {
      await runner.stop();
      await this.deleteGroup(groupId);
      await dropShadowSchema(this.sql, schema);
    }
  }

  private async waitUntilReached(projection: string, schema: string, target: Offsets, onProgress?: (progress: ReplayProgress) => void): Promise<void> {
    const meter = new ProgressMeter(projection, sum(target));
    for (;;) {
      const reached = await this.shadowCheckpoints(projection, schema);
      const done = [...target].reduce((total, [key, stop]) => total + Number(min(reached.get(key) ?? 0n, stop)), 0);
      onProgress?.(meter.at(done));
      if ([...target].every(([key, stop]) => (reached.get(key) ?? 0n) >= stop)) return;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /**
   * The atomic switch. Returns undefined when swapped, or the live offsets to catch up to when an
   * instance rebuild found the live projection moved on meanwhile.
   */
  private async swap(projection: Projection, schema: string, target: Offsets, instanceId: string | undefined): Promise<Offsets | undefined> {
    return this.sql.transaction(async (transaction) => {
      // Holding the live checkpoint rows stops the live consumer of this projection until commit.
      // Only this prefix's topics: another prefix's checkpoints would always look "moved" and the
      // catch-up would wait for partitions this rebuild never reads.
      const topics = projection.topics.map((suffix) => topicName(this.config.KAFKA_TOPIC_PREFIX, suffix));
      const live = await this.readCheckpoints(transaction, 'public', projection.name, true, topics);
      for (const table of projection.tables) await transaction.query(`LOCK TABLE public.${quoteIdentifier(table)} IN SHARE ROW EXCLUSIVE MODE`);
      if (instanceId !== undefined) {
        const moved = [...new Set([...live.keys(), ...target.keys()])].some((key) => (live.get(key) ?? 0n) !== (target.get(key) ?? 0n));
        if (moved) return live;
        for (const table of projection.tables) {
          await transaction.query(`DELETE FROM public.${quoteIdentifier(table)} WHERE instance_id = $1`, [instanceId]);
          await transaction.query(`INSERT INTO public.${quoteIdentifier(table)} SELECT * FROM ${quoteIdentifier(schema)}.${quoteIdentifier(table)} WHERE instance_id = $1`, [instanceId]);
        }
        return undefined;
      }
      for (const table of projection.tables) {
        await transaction.query(`DELETE FROM public.${quoteIdentifier(table)}`);
        await transaction.query(`INSERT INTO public.${quoteIdentifier(table)} SELECT * FROM ${quoteIdentifier(schema)}.${quoteIdentifier(table)}`);
      }
      await transaction.query('DELETE FROM public.projection_checkpoints WHERE projection = $1', [projection.name]);
      await transaction.query(`INSERT INTO public.projection_checkpoints SELECT * FROM ${quoteIdentifier(schema)}.projection_checkpoints WHERE projection = $1`, [projection.name]);
      this.logger.log(`swapped rebuilt ${projection.name} into the live tables`);
      return undefined;
    });
  }

  private async compare(projection: Projection, schema: string, instanceId: string | undefined): Promise<Record<string, TableDifference>> {
    const differences: Record<string, TableDifference> = {};
    const scope = instanceId === undefined ? '' : ' WHERE instance_id = $1';
    const values = instanceId === undefined ? [] : [instanceId];
    for (const table of projection.tables) {
      const shadow = `SELECT * FROM ${quoteIdentifier(schema)}.${quoteIdentifier(table)}${scope}`;
      const live = `SELECT * FROM public.${quoteIdentifier(table)}${scope}`;
      const [{ n: onlyInRebuild }] = await this.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${shadow} EXCEPT ${live}) d`, values);
      const [{ n: onlyInLive }] = await this.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${live} EXCEPT ${shadow}) d`, values);
      differences[table] = { onlyInRebuild, onlyInLive };
    }
    return differences;
  }

  private async endOffsets(topics: string[]): Promise<Offsets> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const offsets: Offsets = new Map();
      for (const topic of topics) {
        for (const { partition, high } of await admin.fetchTopicOffsets(topic)) offsets.set(`${topic}:${partition}`, BigInt(high));
      }
      return offsets;
    } finally {
      await admin.disconnect();
    }
  }

  private async liveCheckpoints(projection: string, topics: string[]): Promise<Offsets> {
    const ends = await this.endOffsets(topics); // every partition, 0 where live has no checkpoint yet
    const live = await this.readCheckpoints(this.sql, 'public', projection, false, topics);
    return new Map([...ends.keys()].map((key) => [key, live.get(key) ?? 0n]));
  }

  private shadowCheckpoints(projection: string, schema: string): Promise<Offsets> {
    return this.readCheckpoints(this.sql, schema, projection, false);
  }

  /** Checkpoints of one projection; with `topics`, only theirs (the database may hold other topic prefixes' too). */
  private async readCheckpoints(sql: Sql, schema: string, projection: string, lock: boolean, topics?: string[]): Promise<Offsets> {
    const rows = await sql.query<{ topic: string; partition: number; next_offset: string }>(
      `SELECT topic, partition, next_offset FROM ${quoteIdentifier(schema)}.projection_checkpoints
       WHERE projection = $1 AND ($2::text[] IS NULL OR topic = ANY($2))${lock ? ' FOR UPDATE' : ''}`,
      [projection, topics ?? null],
    );
    return new Map(rows.map((row) => [`${row.topic}:${row.partition}`, BigInt(row.next_offset)]));
  }

  private async countRows(schema: string, tables: readonly string[]): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const table of tables) {
      const [{ n }] = await this.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${quoteIdentifier(schema)}.${quoteIdentifier(table)}`);
      counts[table] = n;
    }
    return counts;
  }

  private async deleteGroup(groupId: string): Promise<void> {
    const admin = this.kafka.admin();
    try {
      await admin.connect();
      await admin.deleteGroups([groupId]);
    } catch (error) {
      this.logger.warn(`could not delete rebuild consumer group ${groupId}: ${(error as Error).message}`);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
}

const sum = (offsets: Offsets) => [...offsets.values()].reduce((total, offset) => total + Number(offset), 0);
const min = (a: bigint, b: bigint) => (a < b ? a : b);
