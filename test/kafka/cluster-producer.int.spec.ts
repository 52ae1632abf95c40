import { randomUUID } from 'node:crypto';
import { BatchingProducer } from '../../src/kafka/batching-producer';
import { eventually } from '../support/database';
import { ClusterNode, copiesInTopic, fullyReplicated, kafkaCluster, partitionLeaders, useFreshCluster } from '../support/kafka-cluster';
import { uniquePrefix } from '../support/test-config';

const PARTITIONS = 6;
const IN_FLIGHT = 400; // publish() calls waiting at once: batches of hundreds that span all three brokers
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The ingress's producer straight on the 3-broker cluster, at a load the HTTP path cannot reach on
 * a small machine: leadership moves while batches that span every broker are in flight. Whatever
 * publish() resolved must be in the topic; a copy beyond the first only for a rejected publish.
 */
describe('BatchingProducer on a 3-broker cluster while leadership moves', () => {
  const cluster = useFreshCluster();

  async function createTopic(): Promise<string> {
    const topic = `${uniquePrefix()}.messages`;
    const admin = cluster().admin();
    await admin.connect();
    try {
      await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS, replicationFactor: 3 }], waitForLeaders: false });
    } finally {
      await admin.disconnect();
    }
    // Kafka 4 answers UNKNOWN_TOPIC_OR_PARTITION for a new topic at first (kafkajs's waitForLeaders gives up on it).
    await eventually(async () => expect(await fullyReplicated(cluster(), [topic])).toBe(true), 60_000, 500);
    return topic;
  }

  /** Keeps IN_FLIGHT publishes going; records which ids were acknowledged and which rejected. */
  function startLoad(producer: BatchingProducer, topic: string) {
    const acked = new Set<string>();
    const rejected = new Map<string, number>();
    let stopping = false;
    let n = 0;
    const worker = async () => {
      while (!stopping) {
        n += 1;
        const id = `r${n}`;
        for (;;) {
          try {
            await producer.publish({ topic, key: `ins_${n % 64}`, value: Buffer.from(`{"n":${n}}`), headers: { id } }, 5000);
            acked.add(id);
            break;
          } catch {
            rejected.set(id, (rejected.get(id) ?? 0) + 1);
            if (stopping) break;
            await sleep(100);
          }
        }
      }
    };
    const workers = Array.from({ length: IN_FLIGHT }, worker);
    return {
      acked,
      rejected,
      ackedCount: () => acked.size,
      stop: async () => {
        stopping = true;
        await Promise.all(workers);
      },
    };
  }

  async function faultUnderLoad(fault: (node: ClusterNode) => void, restart: (node: ClusterNode) => void) {
    const topic = await createTopic();
    const producer = new BatchingProducer(cluster());
    const load = startLoad(producer, topic);
    await eventually(async () => expect(load.ackedCount()).toBeGreaterThanOrEqual(2000), 60_000, 100);
    const node = (await partitionLeaders(cluster(), topic)).get(0)!;
    const before = load.ackedCount();
    fault(node);
    await eventually(async () => expect(load.ackedCount()).toBeGreaterThanOrEqual(before + 3000), 120_000, 100);
    restart(node);
    // The returning node takes its leadership back (auto leader rebalance) while batches are in flight.
    await eventually(async () => expect((await partitionLeaders(cluster(), topic)).get(0)).toBe(node), 60_000, 500);
    const back = load.ackedCount();
    await eventually(async () => expect(load.ackedCount()).toBeGreaterThanOrEqual(back + 2000), 120_000, 100);
    await load.stop();
    await producer.close();
    const copies = await copiesInTopic(cluster(), topic, 'id');
    const lost = [...load.acked].filter((id) => !copies.has(id));
    const unexplained = [...copies].filter(([id, count]) => count > (load.acked.has(id) ? 1 : 0) + (load.rejected.get(id) ?? 0));
    console.log(JSON.stringify({ acked: load.acked.size, rejected: load.rejected.size, found: [...copies.values()].reduce((sum, n) => sum + n, 0), lost: lost.length, unexplainedDuplicates: unexplained.length }));
    expect(lost).toEqual([]);
    expect(unexplained).toEqual([]);
  }

  it('SIGTERM of a partition leader: every acknowledged record is in the topic', async () => {
    await faultUnderLoad(kafkaCluster.terminate, kafkaCluster.start);
  }, 300_000);

  it('SIGKILL of a partition leader: every acknowledged record is in the topic', async () => {
    await faultUnderLoad(kafkaCluster.kill, kafkaCluster.start);
  }, 300_000);
});
