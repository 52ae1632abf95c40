import { Kafka } from 'kafkajs';
import { RecordHeader, ServiceTopic, topicName } from '../../src/kafka/topics';
import { SimulatedEvent } from '../../tools/simulator/account-stream';
import { categoryOf } from '../../src/wsapi/event-types';

/** Puts simulated events on the topics exactly as the ingress (or the snapshot service) would. */
export async function produceStream(kafka: Kafka, prefix: string, events: SimulatedEvent[]): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  try {
    for (let start = 0; start < events.length; start += 500) {
      const byTopic = new Map<string, { key: string; value: string; headers: Record<string, string> }[]>();
      for (const event of events.slice(start, start + 500)) {
        const suffix = event.eventType.endsWith('_snapshot') ? ServiceTopic.Snapshots : categoryOf(event.eventType);
        const topic = topicName(prefix, suffix);
        const records = byTopic.get(topic) ?? [];
        records.push({
          key: event.instanceId,
          value: JSON.stringify(event),
          headers: { [RecordHeader.EventType]: event.eventType, [RecordHeader.EventId]: event.eventId, [RecordHeader.InstanceId]: event.instanceId },
        });
        byTopic.set(topic, records);
      }
      await producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
    }
  } finally {
    await producer.disconnect();
  }
}
