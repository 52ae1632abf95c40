import { Admin, ConfigResourceTypes, ConfigSource } from 'kafkajs';
import { provisionTopics, topicsUnderDurability } from '../../src/kafka/topic-provisioner';
import { allTopicSuffixes, topicName } from '../../src/kafka/topics';
import { EventCategory } from '../../src/wsapi/event-types';
import { eventually } from '../support/database';
import { ServiceProcess, ensureBuilt } from '../support/service-process';
import { TEST_DATABASE_URL, uniquePrefix } from '../support/test-config';
import { testKafka } from '../support/topic-reader';

/**
 * KAFKA_MIN_INSYNC_REPLICAS is set on the topics the service creates, and topics that already
 * exist with less durability than configured are named at start (log line and metric). The local
 * broker is a single node, so "less than configured" is made with topic-level settings.
 */
describe('topic durability (real broker)', () => {
  const kafka = testKafka();
  let admin: Admin;
  let service: ServiceProcess | undefined;

  beforeAll(async () => {
    ensureBuilt();
    admin = kafka.admin();
    await admin.connect();
  });
  afterAll(async () => {
    await service?.kill();
    await admin?.disconnect();
  });

  const minIsr = async (topic: string) => {
    const { resources } = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['min.insync.replicas'] }] });
    return resources[0].configEntries[0];
  };

  it('sets min.insync.replicas on the topics it creates', async () => {
    const prefix = uniquePrefix();
    await provisionTopics(kafka, { prefix, partitions: 1, replicationFactor: 1, minInsyncReplicas: 1 });
    for (const suffix of allTopicSuffixes()) {
      // A topic-level value (not the broker's default that a topic without the setting shows).
      expect(await minIsr(topicName(prefix, suffix))).toMatchObject({ configValue: '1', configSource: ConfigSource.TOPIC_CONFIG });
    }
    expect(await topicsUnderDurability(kafka, { prefix, partitions: 1, replicationFactor: 1, minInsyncReplicas: 1 })).toEqual([]);
  });

  it('reports existing topics below the configured replication factor or min.insync.replicas, by log and metric', async () => {
    const prefix = uniquePrefix();
    const weak = topicName(prefix, EventCategory.Messages);
    // Every topic exists beforehand: one with min.insync.replicas=1 (made first), the rest with 2.
    await admin.createTopics({ waitForLeaders: false, topics: [{ topic: weak, numPartitions: 1, replicationFactor: 1, configEntries: [{ name: 'min.insync.replicas', value: '1' }] }] });
    await provisionTopics(kafka, { prefix, partitions: 1, replicationFactor: 1, minInsyncReplicas: 2 });
    expect(await minIsr(weak)).toMatchObject({ configValue: '1' });

    service = new ServiceProcess({ ROLE: 'ingress', KAFKA_TOPIC_PREFIX: prefix, DATABASE_URL: TEST_DATABASE_URL, KAFKA_REPLICATION_FACTOR: '2', KAFKA_MIN_INSYNC_REPLICAS: '2', LOG_LEVEL: 'info' });
    service.start();
    await eventually(async () => expect((await fetch(`http://127.0.0.1:${service!.port}/health/live`)).status).toBe(200), 60_000, 200);

    const warning = service.output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line))
      .find((line) => String(line.msg).startsWith('topics below the configured durability'));
    // Replication factor 2 is wanted and every topic has 1; min ISR 2 is wanted and only `weak` has less.
    expect(warning).toMatchObject({ level: 40, wanted: { replicationFactor: 2, minInsyncReplicas: 2 } });
    expect(warning.topics).toHaveLength(allTopicSuffixes().length);
    expect(warning.topics).toContainEqual({ topic: weak, replicationFactor: 1, minInsyncReplicas: 1 });
    expect(warning.topics).toContainEqual({ topic: topicName(prefix, EventCategory.Session), replicationFactor: 1, minInsyncReplicas: 2 });

    const metrics = await (await fetch(`http://127.0.0.1:${service.port}/metrics`)).text();
    expect(metrics).toContain(`wsapi_kafka_topics_under_durability{topic="${weak}"} 1`);
    expect(metrics.match(/^wsapi_kafka_topics_under_durability\{/gm)).toHaveLength(allTopicSuffixes().length);
  });
});
