import { randomUUID } from 'node:crypto';
import { Consumer, EachMessagePayload, Kafka } from 'kafkajs';
import { testKafka } from '../support/topic-reader';
import { uniquePrefix } from '../support/test-config';

/**
 * kafkajs 2.2.4 is unmaintained and nobody publishes tests against Kafka 4.x: this spec is our
 * proof that the requests we rely on work against the broker scripts/kafka/kafka.sh runs.
 */
describe('kafkajs 2.2.4 against the local Kafka 4.x broker', () => {
  let kafka: Kafka;
  let topic: string;

  beforeAll(() => {
    kafka = testKafka();
    topic = `${uniquePrefix()}.compat`;
  });

  it('admin: createTopics, listTopics, fetchTopicMetadata', async () => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      expect(await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 4, replicationFactor: 1 }] })).toBe(true);
      expect(await admin.listTopics()).toContain(topic);
      const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
      expect(metadata.topics[0].partitions).toHaveLength(4);
    } finally {
      await admin.disconnect();
    }
  });

  it('idempotent producer with acks=all writes every record once', async () => {
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    try {
      const result = await producer.send({
        topic,
        acks: -1,
        messages: Array.from({ length: 40 }, (_, i) => ({ key: `k${i % 4}`, value: `v${i}` })),
      });
      expect(result.every((partition) => partition.errorCode === 0)).toBe(true);
    } finally {
      await producer.disconnect();
    }
    const admin = kafka.admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(topic);
      expect(offsets.reduce((sum, partition) => sum + Number(partition.high), 0)).toBe(40);
    } finally {
      await admin.disconnect();
    }
  });

  it('consumer group: join, consume, commit, fetchOffsets, and rebalance onto a second member', async () => {
    const groupId = `compat-${randomUUID()}`;
    const seen = new Set<string>();
    const assignments = new Map<string, number[]>();
    const startMember = async (name: string): Promise<Consumer> => {
      const consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 500, maxWaitTimeInMs: 100 });
      consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
        assignments.set(name, payload.memberAssignment[topic] ?? []);
      });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachMessage: async ({ partition, message }: EachMessagePayload) => {
          await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
          seen.add(String(message.value));
        },
      });
      return consumer;
    };

    const first = await startMember('first');
    await waitFor(() => seen.size === 40);
    expect(assignments.get('first')).toHaveLength(4);

    const second = await startMember('second');
    await waitFor(() => (assignments.get('second')?.length ?? 0) > 0 && (assignments.get('first')?.length ?? 0) < 4);
    const split = [...(assignments.get('first') ?? []), ...(assignments.get('second') ?? [])].sort();
    expect(split).toEqual([0, 1, 2, 3]);

    await Promise.all([first.disconnect(), second.disconnect()]);

    // Every record was committed after processing: the group's committed offsets cover all 40.
    const admin = kafka.admin();
    await admin.connect();
    try {
      const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
      const committedTotal = committed.partitions.map((partition) => Number(partition.offset)).filter((offset) => offset >= 0);
      expect(committedTotal.reduce((a, b) => a + b, 0)).toBe(40); // partitions no key hashed to report -1
    } finally {
      await admin.disconnect();
    }
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
