import { Inject, Injectable } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { AppConfig } from '../config/app-config';
import { SqlExecutor } from '../database/sql-executor';
import { topicName } from '../kafka/topics';
import { readCheckpoints } from '../projections/engine/checkpoints';
import { HistoryPagesProjection } from '../projections/history-pages/history-pages.projection';

/** Where the history topic ends, per `topic:partition` (the next offset to be written). */
export type LogEnds = ReadonlyMap<string, bigint>;

/**
 * Whether the history-pages projection has read everything that was in Kafka at some moment.
 * A page "never arrived" only once that holds for a moment after its timeout: a page that is in
 * Kafka but not projected yet (consumers restarting after a crash, a rebalance, a backlog) is
 * late, not lost, and asking again would fetch it twice.
 */
@Injectable()
export class HistoryPagesProgress {
  private readonly projection = new HistoryPagesProjection(); // its name and topics only
  private readonly topics: string[];

  constructor(
    @Inject(Kafka) private readonly kafka: Kafka,
    private readonly sql: SqlExecutor,
    config: AppConfig,
  ) {
    this.topics = this.projection.topics.map((suffix) => topicName(config.KAFKA_TOPIC_PREFIX, suffix));
  }

  async logEnds(): Promise<LogEnds> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const ends = new Map<string, bigint>();
      for (const topic of this.topics) {
        for (const { partition, high } of await admin.fetchTopicOffsets(topic)) ends.set(`${topic}:${partition}`, BigInt(high));
      }
      return ends;
    } finally {
      await admin.disconnect();
    }
  }

  /** True once the projection's checkpoint has reached `ends` in every partition. */
  async hasRead(ends: LogEnds): Promise<boolean> {
    const checkpoints = await readCheckpoints(this.sql, this.projection.name, this.topics);
    return [...ends].every(([partition, end]) => end === 0n || (checkpoints.get(partition) ?? 0n) >= end);
  }
}
