/**
 * The two kafkajs 2.2.4 defects patches/kafkajs+2.2.4.patch mends (applied by `npm ci`'s
 * postinstall), checked on kafkajs's own send loop with scripted brokers: each case is one a
 * leadership move on a real cluster produces. They fail on kafkajs as published.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const createSendMessages = require('kafkajs/src/producer/sendMessages');
const createRetry = require('kafkajs/src/retry');

interface Sent {
  broker: number;
  partition: number;
  firstSequence: number;
  values: string[];
}

const notLeader = () => Object.assign(new Error('This server is not the leader for that topic-partition'), { name: 'KafkaJSProtocolError', type: 'NOT_LEADER_OR_FOLLOWER', retriable: true });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Partition 0 led by node 1, partition 1 by node 2; `moveAfterRefresh` hands partition 0 to node 2 on the next metadata refresh. */
function scriptedCluster(answer: (broker: number, attempt: number) => Promise<void>) {
  const leaders = new Map([[0, 1], [1, 2]]);
  const sent: Sent[] = [];
  const attempts = new Map<number, number>();
  const brokers = new Map(
    [1, 2].map((nodeId) => [
      nodeId,
      {
        nodeId,
        produce: async ({ topicData }: any) => {
          const attempt = (attempts.get(nodeId) ?? 0) + 1;
          attempts.set(nodeId, attempt);
          await answer(nodeId, attempt);
          for (const { partitions } of topicData) {
            for (const p of partitions) sent.push({ broker: nodeId, partition: p.partition, firstSequence: p.firstSequence, values: p.messages.map((m: any) => m.value) });
          }
          return { topics: topicData.map(({ topic, partitions }: any) => ({ topicName: topic, partitions: partitions.map((p: any) => ({ partition: p.partition, errorCode: 0, baseOffset: '0' })) })) };
        },
      },
    ]),
  );
  const cluster = {
    refreshMetadataIfNecessary: async () => undefined,
    refreshMetadata: async () => leaders.set(0, 2), // the controller moved partition 0 to node 2
    addMultipleTargetTopics: async () => undefined,
    isConnected: () => true,
    removeBroker: () => undefined,
    findTopicPartitionMetadata: () => [...leaders].map(([partitionId, leader]) => ({ partitionId, leader })),
    findLeaderForPartitions: (_topic: string, partitions: number[]) =>
      partitions.reduce<Record<number, number[]>>((result, id) => {
        const leader = leaders.get(Number(id))!;
        return { ...result, [leader]: [...(result[leader] ?? []), Number(id)] };
      }, {}),
    findBroker: async ({ nodeId }: { nodeId: string }) => brokers.get(Number(nodeId)),
  };
  return { cluster, sent };
}

function sequences(initialized = false) {
  const next = new Map<number, number>();
  return {
    initProducerIdCalls: 0,
    isTransactional: () => false,
    isInitialized: () => initialized,
    async initProducerId() {
      this.initProducerIdCalls += 1;
      next.clear();
    },
    getSequence: (_topic: string, partition: number) => next.get(partition) ?? 0,
    updateSequence: (_topic: string, partition: number, delta: number) => next.set(partition, (next.get(partition) ?? 0) + delta),
    getProducerId: () => (initialized ? 7 : -1),
    getProducerEpoch: () => 0,
    acquireBrokerLock: async () => undefined,
    releaseBrokerLock: async () => undefined,
  };
}

const logger = { debug: () => undefined, error: () => undefined, warn: () => undefined, info: () => undefined };
const byKey = ({ message }: { message: { key: string } }) => Number(message.key);
const batch = { acks: -1, topicMessages: [{ topic: 't', messages: [{ key: '0', value: 'a' }, { key: '1', value: 'b' }] }] };

function sendMessages(cluster: unknown, eosManager: unknown) {
  const retrier = createRetry({ retries: 3, initialRetryTime: 1, maxRetryTime: 5 });
  return createSendMessages({ logger, cluster, partitioner: byKey, eosManager, retrier });
}

describe('kafkajs sendMessages (patched)', () => {
  it('re-sends a partition whose leadership moved to a broker that already answered in the same call', async () => {
    const { cluster, sent } = scriptedCluster(async (broker, attempt) => {
      if (broker === 1 && attempt === 1) throw notLeader();
    });
    await sendMessages(cluster, sequences())(batch);
    expect(sent.filter((s) => s.partition === 0)).toEqual([expect.objectContaining({ broker: 2, values: ['a'] })]);
    expect(sent.filter((s) => s.partition === 1)).toHaveLength(1);
  });

  it('does not retry while another broker has not answered yet (no second copy under a new sequence)', async () => {
    const { cluster, sent } = scriptedCluster(async (broker, attempt) => {
      if (broker === 1 && attempt === 1) throw notLeader();
      if (broker === 2 && attempt === 1) await sleep(50); // still out when node 1's error comes back
    });
    await sendMessages(cluster, sequences())(batch);
    await sleep(100); // every request sent has been answered by now
    expect(sent.filter((s) => s.partition === 1)).toHaveLength(1);
    expect(sent.filter((s) => s.partition === 0)).toEqual([expect.objectContaining({ broker: 2, firstSequence: 0 })]);
  });

  it('starts a new producer id after a send that failed for good, instead of reusing its sequence numbers', async () => {
    let failing = true;
    const { cluster } = scriptedCluster(async (broker) => {
      if (failing && broker === 1) throw Object.assign(new Error('request timed out'), { name: 'KafkaJSRequestTimeoutError', retriable: false });
    });
    const eos = sequences(true);
    const send = sendMessages(cluster, eos);
    await expect(send(batch)).rejects.toThrow('request timed out');
    failing = false;
    await send(batch);
    expect(eos.initProducerIdCalls).toBe(1);
  });
});
