import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { topicName } from '../../kafka/topics';
import { readCheckpoints } from './checkpoints';
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
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** How far each projection is behind the end of each partition it reads. */
  async lag(): Promise<PartitionLag[]> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const report: PartitionLag[] = [];
      for (const projection of this.projections) {
        const topics = projection.topics.map((suffix) => topicName(this.config.KAFKA_TOPIC_PREFIX, suffix));
        const checkpoints = await readCheckpoints({ query: (text, values) => this.dataSource.query(text, values) }, projection.name, topics);
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
}
