import { Kafka, Partitioners } from 'kafkajs';
import { RecordHeader, ServiceTopic, TopicSuffix, topicName } from '../../src/kafka/topics';
import { SimulatedEvent } from '../simulator/account-stream';
import { categoryOf } from '../../src/wsapi/event-types';

/** The topic the service puts an event on: its category, or snapshots for the REST snapshots it publishes. */
export function topicSuffixOf(event: SimulatedEvent): TopicSuffix {
  return event.eventType.endsWith('_snapshot') ? ServiceTopic.Snapshots : categoryOf(event.eventType);
}

export interface FeedResult {
  records: number;
  bytes: number;
  seconds: number;
}

const BATCH_BYTES = 4 * 1024 * 1024;

/**
 * Puts events on the topics exactly as the ingress would have stored them (raw envelope bytes,
 * key = instance, the ingress's headers), so a projection benchmark starts from a full log
 * without paying for HTTP. acks=all, one request at a time.
 */
export async function feedTopics(kafka: Kafka, prefix: string, events: Iterable<SimulatedEvent>): Promise<FeedResult> {
  // The service's partitioner (murmur2, as the Java client), so each instance lands where the ingress would put it.
  const producer = kafka.producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const started = performance.now();
  let records = 0;
  let bytes = 0;
  let pending = new Map<string, { key: string; value: Buffer; headers: Record<string, string> }[]>();
  let pendingBytes = 0;
  const flush = async () => {
    if (pending.size === 0) return;
    const topicMessages = [...pending].map(([topic, messages]) => ({ topic, messages }));
    pending = new Map();
    pendingBytes = 0;
    await producer.sendBatch({ acks: -1, topicMessages });
  };
  try {
    for (const event of events) {
      const value = Buffer.from(JSON.stringify(event));
      const topic = topicName(prefix, topicSuffixOf(event));
      const list = pending.get(topic) ?? [];
      list.push({
        key: event.instanceId,
        value,
        headers: {
          [RecordHeader.EventType]: event.eventType,
          [RecordHeader.EventId]: event.eventId,
          [RecordHeader.InstanceId]: event.instanceId,
          [RecordHeader.IngestedAt]: new Date().toISOString(),
          [RecordHeader.Source]: event.eventType.endsWith('_snapshot') ? 'wsapi-sync' : 'webhook',
        },
      });
      pending.set(topic, list);
      records += 1;
      bytes += value.length;
      pendingBytes += value.length;
      if (pendingBytes >= BATCH_BYTES) await flush();
    }
    await flush();
  } finally {
    await producer.disconnect();
  }
  return { records, bytes, seconds: (performance.now() - started) / 1000 };
}
