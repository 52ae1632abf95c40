import { Admin, ConfigResourceTypes, Kafka } from 'kafkajs';
import { allTopicSuffixes, TOPIC_MAX_MESSAGE_BYTES, topicName } from './topics';

export interface TopicLayout {
  prefix: string;
  partitions: number;
  replicationFactor: number;
  /** `min.insync.replicas` of the topics created; the broker's default when absent. */
  minInsyncReplicas?: number;
}

/**
 * Per-topic settings. Retention is unlimited because replay rebuilds the read models from the
 * whole log; the message size fits the largest webhook body we accept.
 */
export const TOPIC_CONFIG: Readonly<Record<string, string>> = {
  'retention.ms': '-1',
  'retention.bytes': '-1',
  'max.message.bytes': String(TOPIC_MAX_MESSAGE_BYTES),
  'cleanup.policy': 'delete',
};

function topicConfig(layout: TopicLayout): Record<string, string> {
  return layout.minInsyncReplicas === undefined ? { ...TOPIC_CONFIG } : { ...TOPIC_CONFIG, [MIN_ISR]: String(layout.minInsyncReplicas) };
}

const MIN_ISR = 'min.insync.replicas';

/** A topic of the layout that is less durable than configured (it existed before, made by someone else). */
export interface UnderDurableTopic {
  topic: string;
  /** The fewest replicas any of its partitions has. */
  replicationFactor: number;
  minInsyncReplicas: number;
}

/**
 * The layout's existing topics whose replication factor or `min.insync.replicas` is below the
 * configured values. provisionTopics leaves existing topics alone, so a topic created earlier
 * with replication 1 would silently keep acknowledging writes that one broker failure can lose.
 */
export async function topicsUnderDurability(kafka: Kafka, layout: TopicLayout): Promise<UnderDurableTopic[]> {
  const admin: Admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const topics = allTopicSuffixes().map((suffix) => topicName(layout.prefix, suffix)).filter((topic) => existing.has(topic));
    if (topics.length === 0) return [];
    const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: topics.map((name) => ({ type: ConfigResourceTypes.TOPIC, name, configNames: [MIN_ISR] })),
    });
    const minIsr = new Map(resources.map((resource) => [resource.resourceName, Number(resource.configEntries.find((entry) => entry.configName === MIN_ISR)?.configValue ?? 1)]));
    return metadata
      .map((topic) => ({
        topic: topic.name,
        replicationFactor: Math.min(...topic.partitions.map((partition) => partition.replicas.length)),
        minInsyncReplicas: minIsr.get(topic.name) ?? 1,
      }))
      .filter((topic) => topic.replicationFactor < layout.replicationFactor || topic.minInsyncReplicas < (layout.minInsyncReplicas ?? 1))
      .sort((a, b) => a.topic.localeCompare(b.topic));
  } finally {
    await admin.disconnect();
  }
}

/** Creates every topic of the layout that does not exist yet; existing topics are left as they are. */
export async function provisionTopics(kafka: Kafka, layout: TopicLayout): Promise<string[]> {
  const admin: Admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const wanted = allTopicSuffixes().map((suffix) => topicName(layout.prefix, suffix));
    const missing = wanted.filter((topic) => !existing.has(topic));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: false, // see waitForLeaders below
        topics: missing.map((topic) => ({
          topic,
          numPartitions: layout.partitions,
          replicationFactor: layout.replicationFactor,
          configEntries: Object.entries(topicConfig(layout)).map(([name, value]) => ({ name, value })),
        })),
      });
      await waitForLeaders(admin, missing);
    }
    return missing;
  } finally {
    await admin.disconnect();
  }
}

const LEADER_WAIT_MS = 30_000;

/**
 * Until every partition of the new topics has a leader. kafkajs's own wait (createTopics'
 * waitForLeaders) retries only LEADER_NOT_AVAILABLE, but Kafka 4 may first answer a new topic's
 * metadata with UNKNOWN_TOPIC_OR_PARTITION ("This server does not host this topic-partition"),
 * which failed start-ups and benchmark stages now and then.
 */
async function waitForLeaders(admin: Admin, topics: string[]): Promise<void> {
  const deadline = Date.now() + LEADER_WAIT_MS;
  for (;;) {
    try {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
      if (metadata.every((topic) => topic.partitions.length > 0 && topic.partitions.every((partition) => partition.leader >= 0))) return;
    } catch (error) {
      if (!(error as { retriable?: boolean }).retriable || Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) throw new Error(`topics without a leader after ${LEADER_WAIT_MS / 1000} s: ${topics.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
