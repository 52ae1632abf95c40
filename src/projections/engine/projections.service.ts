import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { AppConfig } from '../../config/app-config';
import { SqlExecutor } from '../../database/sql-executor';
import { MetricsService } from '../../metrics/metrics.service';
import { BatchApplier } from './batch-applier';
import { topicName } from '../../kafka/topics';
import { readCheckpoints } from './checkpoints';
import { PROJECTIONS, Projection } from './projection';
import { ProjectionRunner } from './projection-runner';

export interface PartitionLag {
  projection: string;
  topic: string;
  partition: number;
  nextOffset: string;
  endOffset: string;
  lag: number;
}

export function liveGroupId(prefix: string, projection: string): string {
  return `${prefix}.projection.${projection}`;
}

/** Starts one consumer group per registered projection when this process runs consumers. */
@Injectable()
export class ProjectionsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ProjectionsService.name);
  private readonly runners: ProjectionRunner[] = [];

  constructor(
    @Inject(PROJECTIONS) private readonly projections: Projection[],
    @Inject(Kafka) private readonly kafka: Kafka,
    private readonly sql: SqlExecutor,
    private readonly applier: BatchApplier,
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {
    metrics.addCollector(() => this.reportLag());
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.ROLE === 'ingress') return;
    for (const projection of this.projections) {
      const runner = new ProjectionRunner(projection, this.kafka, this.sql, this.applier, {
        topicPrefix: this.config.KAFKA_TOPIC_PREFIX,
        groupId: liveGroupId(this.config.KAFKA_CONSUMER_GROUP_PREFIX ?? this.config.KAFKA_TOPIC_PREFIX, projection.name),
        replaying: false,
        fetchMaxBytes: this.config.PROJECTION_FETCH_MAX_BYTES,
        partitionsConcurrently: this.config.PROJECTION_PARTITIONS_CONCURRENTLY,
        sessionTimeoutMs: this.config.KAFKA_SESSION_TIMEOUT_MS,
        onBatch: ({ applied, skipped, deadLettered, seconds }) => {
          this.metrics.batchDuration.observe({ projection: projection.name }, seconds);
          this.metrics.projectedEvents.inc({ projection: projection.name, outcome: 'applied' }, applied);
          this.metrics.projectedEvents.inc({ projection: projection.name, outcome: 'skipped' }, skipped);
          this.metrics.projectedEvents.inc({ projection: projection.name, outcome: 'dead_lettered' }, deadLettered);
          this.metrics.deadLetters.inc({ projection: projection.name }, deadLettered);
        },
      });
      await runner.start();
      this.runners.push(runner);
    }
    this.logger.log(`running projections: ${this.runners.map((runner) => runner.name).join(', ')}`);
  }

  /** How far each projection is behind the end of each partition it reads. */
  async lag(): Promise<PartitionLag[]> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const report: PartitionLag[] = [];
      for (const projection of this.projections) {
        const topics = projection.topics.map((suffix) => topicName(this.config.KAFKA_TOPIC_PREFIX, suffix));
        const checkpoints = await readCheckpoints(this.sql, projection.name, topics);
        for (const topic of topics) {
          for (const { partition, high, low } of await admin.fetchTopicOffsets(topic)) {
            const next = checkpoints.get(`${topic}:${partition}`) ?? BigInt(low);
            const end = BigInt(high);
            report.push({ projection: projection.name, topic, partition, nextOffset: next.toString(), endOffset: high, lag: Number(end > next ? end - next : 0n) });
          }
        }
      }
      return report;
    } finally {
      await admin.disconnect();
    }
  }

  /** Fills the consumer-lag gauge at scrape time; when Kafka or Postgres cannot say, it is left empty. */
  private async reportLag(): Promise<void> {
    const partitions = await this.lag().catch(() => []);
    this.metrics.consumerLag.reset();
    for (const { projection, topic, partition, lag } of partitions) {
      this.metrics.consumerLag.set({ projection, topic, partition: String(partition) }, lag);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.runners.splice(0).map((runner) => runner.stop()));
  }
}
