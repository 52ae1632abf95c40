import { randomUUID } from 'node:crypto';
import { IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import { createKafka } from '../../src/kafka/kafka-client';

export interface ReadRecord {
  topic: string;
  partition: number;
  key: string | null;
  value: Buffer;
  headers: Record<string, string>;
}

export function testKafka(): Kafka {
  return createKafka(process.env.KAFKA_BROKERS ?? '127.0.0.1:9092', 'wsapi-sync-test');
}

/** How many records each topic holds (sum of the partitions' high watermarks). */
export async function countRecords(kafka: Kafka, topics: string[]): Promise<Record<string, number>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const counts: Record<string, number> = {};
    for (const topic of topics) {
      if (!existing.has(topic)) continue;
      const offsets = await offsetsOnceLed(() => admin.fetchTopicOffsets(topic));
      counts[topic] = offsets.reduce((sum, partition) => sum + Number(partition.high) - Number(partition.low), 0);
    }
    return counts;
  } finally {
    await admin.disconnect();
  }
}

/**
 * A topic created a moment ago may have partitions with no leader yet (Kafka answers "not the
 * leader" until the controller has elected one): asked again for up to 15 s, as a client would.
 */
async function offsetsOnceLed<T>(fetchOffsets: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      return await fetchOffsets();
    } catch (error) {
      const retriable = (error as { retriable?: boolean }).retriable === true;
      if (!retriable || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** Reads every record of the topics from the beginning, until `expected` arrived or the timeout. */
export async function readRecords(kafka: Kafka, topics: string[], expected: number, timeoutMs = 20_000): Promise<ReadRecord[]> {
  const consumer = kafka.consumer({ groupId: `reader-${randomUUID()}`, maxWaitTimeInMs: 200 });
  const records: ReadRecord[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics, fromBeginning: true });
    let done: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    if (expected === 0) done!();
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        records.push(toRecord(topic, partition, message));
        if (records.length >= expected) done();
      },
    });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([finished, new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
    return records;
  } finally {
    await consumer.disconnect();
  }
}

function toRecord(topic: string, partition: number, message: KafkaMessage): ReadRecord {
  return {
    topic,
    partition,
    key: message.key ? message.key.toString('utf8') : null,
    value: message.value ?? Buffer.alloc(0),
    headers: decodeHeaders(message.headers ?? {}),
  };
}

function decodeHeaders(headers: IHeaders): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, String(value)]));
}
