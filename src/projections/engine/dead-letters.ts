import { Injectable, Logger } from '@nestjs/common';
import { KafkaMessage } from 'kafkajs';
import { AppConfig } from '../../config/app-config';
import { BatchingProducer } from '../../kafka/batching-producer';
import { ServiceTopic, topicName } from '../../kafka/topics';

export enum DeadLetterHeader {
  Projection = 'dlq-projection',
  SourceTopic = 'dlq-source-topic',
  SourcePartition = 'dlq-source-partition',
  SourceOffset = 'dlq-source-offset',
  Error = 'dlq-error',
}

export interface DeadLetter {
  projection: string;
  topic: string;
  partition: number;
  message: KafkaMessage;
  reason: string;
}

/**
 * Sends events a projection cannot handle to `<prefix>.dlq`: the original bytes, key and headers,
 * plus headers naming the projection, the source position and the reason. At-least-once: a
 * crash after this and before the batch commits sends the same dead letter again.
 */
@Injectable()
export class DeadLetters {
  private readonly logger = new Logger(DeadLetters.name);

  constructor(
    private readonly producer: BatchingProducer,
    private readonly config: AppConfig,
  ) {}

  async send(letters: DeadLetter[]): Promise<void> {
    const topic = topicName(this.config.KAFKA_TOPIC_PREFIX, ServiceTopic.DeadLetter);
    for (const { projection, topic: sourceTopic, partition, message, reason } of letters) {
      this.logger.warn({
        msg: 'event sent to the dead-letter topic',
        projection,
        topic: sourceTopic,
        partition,
        offset: message.offset,
        eventId: message.headers?.['wsapi-event-id']?.toString(),
        instanceId: message.key?.toString('utf8'),
        reason,
      });
    }
    await Promise.all(
      letters.map(({ projection, topic: sourceTopic, partition, message, reason }) =>
        this.producer.publish(
          {
            topic,
            key: message.key ? message.key.toString('utf8') : '',
            value: message.value ?? Buffer.alloc(0),
            headers: {
              ...(message.headers ?? {}),
              [DeadLetterHeader.Projection]: projection,
              [DeadLetterHeader.SourceTopic]: sourceTopic,
              [DeadLetterHeader.SourcePartition]: String(partition),
              [DeadLetterHeader.SourceOffset]: message.offset,
              [DeadLetterHeader.Error]: reason.slice(0, 2000),
            },
          },
          this.config.PUBLISH_TIMEOUT_MS,
        ),
      ),
    );
  }
}
