import { Global, Inject, Logger, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { AppConfig } from '../config/app-config';
import { BatchingProducer } from './batching-producer';
import { EventPublisher } from './event-publisher';
import { createKafka } from './kafka-client';
import { provisionTopics } from './topic-provisioner';

/**
 * The Kafka connection shared by ingress and consumers: one client, one batching producer,
 * and the topics created at start-up.
 */
@Global()
@Module({
  providers: [
    { provide: Kafka, inject: [AppConfig], useFactory: (config: AppConfig) => createKafka(config.KAFKA_BROKERS, config.KAFKA_CLIENT_ID) },
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
  ) {}

  async onModuleInit(): Promise<void> {
    const created = await provisionTopics(this.kafka, {
      prefix: this.config.KAFKA_TOPIC_PREFIX,
      partitions: this.config.KAFKA_TOPIC_PARTITIONS,
      replicationFactor: this.config.KAFKA_REPLICATION_FACTOR,
    });
    if (created.length > 0) this.logger.log(`created topics: ${created.join(', ')}`);
    await this.producer.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.producer.close();
  }
}
