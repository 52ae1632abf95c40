import { Global, Inject, Logger, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { AppConfig } from '../config/app-config';
import { BatchingProducer } from './batching-producer';
import { EventPublisher } from './event-publisher';
import { MetricsService } from '../metrics/metrics.service';
import { createKafka, kafkaSecurity } from './kafka-client';
import { describeConnectFailure, failFastOnRefusedCredentials } from './connect-failure';
import { provisionTopics, topicsUnderDurability } from './topic-provisioner';

/**
 * The Kafka connection shared by ingress and consumers: one client (every producer, consumer and
 * admin of the service comes from it, so all get the same TLS/SASL options), one batching
 * producer, and the topics created — and checked for durability — at start-up.
 */
@Global()
@Module({
  providers: [
    { provide: Kafka, inject: [AppConfig], useFactory: (config: AppConfig) => createKafka(config.KAFKA_BROKERS, config.KAFKA_CLIENT_ID, kafkaSecurity(config)) },
    { provide: BatchingProducer, inject: [Kafka], useFactory: (kafka: Kafka) => new BatchingProducer(kafka) },
    EventPublisher,
  ],
  exports: [Kafka, BatchingProducer, EventPublisher],
})
export class KafkaModule implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(KafkaModule.name);

  constructor(
    @Inject(Kafka) private readonly kafka: Kafka,
    private readonly producer: BatchingProducer,
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.config.KAFKA_SSL && !this.config.KAFKA_SSL_REJECT_UNAUTHORIZED) {
      this.logger.warn('KAFKA_SSL_REJECT_UNAUTHORIZED=false: the brokers\' certificates are not verified');
    }
    if (this.config.KAFKA_SASL_MECHANISM === 'plain' && !this.config.KAFKA_SSL) {
      this.logger.warn('KAFKA_SASL_MECHANISM=plain without KAFKA_SSL: the Kafka password travels in clear');
    }
    const layout = {
      prefix: this.config.KAFKA_TOPIC_PREFIX,
      partitions: this.config.KAFKA_TOPIC_PARTITIONS,
      replicationFactor: this.config.KAFKA_REPLICATION_FACTOR,
      minInsyncReplicas: this.config.KAFKA_MIN_INSYNC_REPLICAS,
    };
    await failFastOnRefusedCredentials(this.kafka, this.config);
    let created: string[];
    try {
      created = await provisionTopics(this.kafka, layout);
    } catch (error) {
      throw describeConnectFailure(error, this.config);
    }
    if (created.length > 0) this.logger.log(`created topics: ${created.join(', ')}`);
    await this.reportUnderDurableTopics(layout);
    await this.producer.connect();
  }

  private async reportUnderDurableTopics(layout: Parameters<typeof topicsUnderDurability>[1]): Promise<void> {
    const weak = await topicsUnderDurability(this.kafka, layout);
    for (const topic of weak) this.metrics.topicsUnderDurability.set({ topic: topic.topic }, 1);
    if (weak.length === 0) return;
    this.logger.warn({
      msg: 'topics below the configured durability (existing topics are not changed; raise them with kafka-reassign-partitions / kafka-configs)',
      wanted: { replicationFactor: layout.replicationFactor, minInsyncReplicas: layout.minInsyncReplicas },
      topics: weak,
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.producer.close();
  }
}
