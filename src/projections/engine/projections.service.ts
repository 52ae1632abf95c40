import { Inject, Injectable } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { AppConfig } from '../../config/app-config';
import { SqlExecutor } from '../../database/sql-executor';
import { MetricsService } from '../../metrics/metrics.service';
import { topicName } from '../../kafka/topics';
import { readCheckpoints } from './checkpoints';
import { LagUnavailableError } from './lag-unavailable.error';
import { PROJECTIONS, Projection } from './projection';

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

/** How far the projections are behind: read from Kafka's end offsets and the stored checkpoints. */
@Injectable()
export class ProjectionsService {
  constructor(
    @Inject(PROJECTIONS) private readonly projections: Projection[],
    @Inject(Kafka) private readonly kafka: Kafka,
    private readonly sql: SqlExecutor,
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {
    metrics.addCollector(() => this.reportLag());
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
          for (const { partition, high, low } of await admin.fetchTopicOffsets(topic).catch((error: unknown) => Promise.reject(new LagUnavailableError(error)))) {
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
}
