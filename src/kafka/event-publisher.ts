import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { MetricsService } from '../metrics/metrics.service';
import { categoryOf } from '../wsapi/event-types';
import { BatchingProducer } from './batching-producer';
import { RecordHeader, TopicSuffix, topicName } from './topics';

export enum EventSource {
  Webhook = 'webhook',
  Sse = 'sse',
  /** Records this service produced itself (REST snapshots). */
  Service = 'wsapi-sync',
}

export interface EventToPublish {
  instanceId: string;
  eventType: string;
  eventId?: string;
  /** The exact bytes received (or produced); published unchanged. */
  raw: Buffer;
  source: EventSource;
  /** Overrides the topic chosen from the event type (used for the snapshots topic). */
  topic?: TopicSuffix;
}

export interface PublishedEvent {
  topic: string;
}

/** Puts one WSAPI event on its category topic, keyed by instance so each instance keeps its order. */
@Injectable()
export class EventPublisher {
  constructor(
    private readonly producer: BatchingProducer,
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {}

  async publish(event: EventToPublish): Promise<PublishedEvent> {
    const topic = topicName(this.config.KAFKA_TOPIC_PREFIX, event.topic ?? categoryOf(event.eventType));
    const headers: Record<string, string> = {
      [RecordHeader.EventType]: event.eventType,
      [RecordHeader.InstanceId]: event.instanceId,
      [RecordHeader.IngestedAt]: new Date().toISOString(),
      [RecordHeader.Source]: event.source,
    };
    // An envelope may say `"eventId": null` (old payloads): no header rather than a null one.
    if (typeof event.eventId === 'string') headers[RecordHeader.EventId] = event.eventId;
    const stopTimer = this.metrics.publishDuration.startTimer();
    try {
      await this.producer.publish({ topic, key: event.instanceId, value: event.raw, headers }, this.config.PUBLISH_TIMEOUT_MS);
      stopTimer({ outcome: 'acknowledged' });
    } catch (error) {
      stopTimer({ outcome: 'failed' });
      throw error;
    }
    return { topic };
  }
}
