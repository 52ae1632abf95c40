import { Admin, Kafka } from 'kafkajs';
import { allTopicSuffixes, TOPIC_MAX_MESSAGE_BYTES, topicName } from './topics';

export interface TopicLayout {
  prefix: string;
  partitions: number;
  replicationFactor: number;
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
        waitForLeaders: true,
        topics: missing.map((topic) => ({
          topic,
          numPartitions: layout.partitions,
          replicationFactor: layout.replicationFactor,
          configEntries: Object.entries(TOPIC_CONFIG).map(([name, value]) => ({ name, value })),
        })),
      });
    }
    return missing;
  } finally {
    await admin.disconnect();
  }
}
