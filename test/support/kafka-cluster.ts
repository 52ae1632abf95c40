import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Kafka } from 'kafkajs';
import { createKafka } from '../../src/kafka/kafka-client';
import { eventually } from './database';
import { countRecords, readRecords } from './topic-reader';

const script = join(__dirname, '../../scripts/kafka/cluster.sh');

/** Node numbers 1..3 of the local cluster scripts/kafka/cluster.sh runs (node n is Kafka node.id n). */
export type ClusterNode = 1 | 2 | 3;
export const CLUSTER_NODES: ClusterNode[] = [1, 2, 3];

function cluster(...args: string[]): string {
  return execFileSync('bash', [script, ...args], { encoding: 'utf8', timeout: 180_000, stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}

/**
 * The local 3-broker KRaft cluster (replication 3, min.insync.replicas=2) on its own ports, so it
 * never disturbs the single broker the other specs use. Each spec starts it from empty data and
 * removes it afterwards: no JVM or data dir outlives the spec.
 */
export const kafkaCluster = {
  brokers: () => cluster('brokers'),
  /** Fresh data dirs, all nodes up. */
  startFresh: () => {
    cluster('reset');
    cluster('start');
  },
  /** Stops every node and removes the data. */
  remove: () => cluster('reset'),
  /** SIGKILL: a crash (no controlled shutdown). */
  kill: (node: ClusterNode) => cluster('kill', String(node)),
  /** SIGTERM and wait: a controlled shutdown, as in a rolling restart. */
  terminate: (node: ClusterNode) => cluster('term', String(node)),
  /** Starts one node again and waits until it serves. */
  start: (node: ClusterNode) => cluster('start-one', String(node)),
  kafka: (): Kafka => createKafka(cluster('brokers'), 'wsapi-sync-cluster-test'),
};

/** The node leading each partition of the topic. */
export async function partitionLeaders(kafka: Kafka, topic: string): Promise<Map<number, ClusterNode>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    return new Map(topics[0].partitions.map((p) => [p.partitionId, p.leader as ClusterNode]));
  } finally {
    await admin.disconnect();
  }
}

/** True once every partition of the topics has all three replicas in sync again (a restarted node caught up). */
export async function fullyReplicated(kafka: Kafka, topics: string[]): Promise<boolean> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const metadata = await admin.fetchTopicMetadata({ topics });
    return metadata.topics.every((t) => t.partitions.every((p) => p.isr.length === CLUSTER_NODES.length && p.leader >= 0));
  } finally {
    await admin.disconnect();
  }
}

/** For a spec file: a fresh cluster before its tests, stopped and removed after them. Returns its client. */
export function useFreshCluster(): () => Kafka {
  let kafka: Kafka;
  beforeAll(() => {
    kafkaCluster.startFresh();
    kafka = kafkaCluster.kafka();
  }, 180_000);
  afterAll(() => kafkaCluster.remove(), 120_000);
  return () => kafka;
}

/** Once all replicas are in sync again: how many copies of each id (the header's value) the whole topic holds. */
export async function copiesInTopic(kafka: Kafka, topic: string, header: string): Promise<Map<string, number>> {
  await eventually(async () => expect(await fullyReplicated(kafka, [topic])).toBe(true), 90_000, 1000);
  const total = (await countRecords(kafka, [topic]))[topic];
  const records = await readRecords(kafka, [topic], total, 90_000);
  expect(records.length).toBe(total);
  const copies = new Map<string, number>();
  for (const record of records) copies.set(record.headers[header], (copies.get(record.headers[header]) ?? 0) + 1);
  return copies;
}
