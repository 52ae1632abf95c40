import { Type } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Client } from 'pg';
import { OutboxDispatcher } from '../src/history-flush/outbox-dispatcher';
import { SseIngressService } from '../src/ingress/sse/sse-ingress.service';
import { provisionTopics } from '../src/kafka/topic-provisioner';
import { topicName } from '../src/kafka/topics';
import { ProjectionTransport } from '../src/projections/engine/projection-transport';
import { liveGroupId } from '../src/projections/engine/projections.service';
import { SimulatedEvent } from '../tools/simulator/account-stream';
import { EventCategory } from '../src/wsapi/event-types';
import { eventually, testDatabase } from './support/database';
import { envelope, uniqueInstance } from './support/events';
import { postWebhook } from './support/http';
import { produceStream } from './support/stream-producer';
import { RunningApp, startTestApp } from './support/test-app';
import { testConfig, uniquePrefix } from './support/test-config';
import { testKafka } from './support/topic-reader';

const status = async (running: RunningApp, method: string, path: string) => (await fetch(`${running.baseUrl}${path}`, { method })).status;
/** Through ModuleRef: the application's own get() ends the process on an unknown provider. */
const hasProvider = (running: RunningApp, type: Type) => {
  try {
    running.app.get(ModuleRef).get(type, { strict: false });
    return true;
  } catch {
    return false;
  }
};

/** ROLE picks the roots a process is built from; every serving process answers /health and /metrics. */
describe('process kinds (real Kafka + Postgres)', () => {
  it('an ingress process serves the webhook, SSE and the docs, and runs no consumer nor outbox worker', async () => {
    const running = await startTestApp(testConfig({ ROLE: 'ingress' }));
    try {
      expect(await status(running, 'GET', '/health/live')).toBe(200);
      expect(await status(running, 'GET', '/metrics')).toBe(200);
      expect(await status(running, 'GET', '/docs-json')).toBe(200);
      expect((await postWebhook(running.baseUrl, '{}')).status).toBe(400); // served: unsigned, so refused
      expect(hasProvider(running, SseIngressService)).toBe(true);
      expect(running.app.getMicroservices()).toHaveLength(0);
      expect(hasProvider(running, ProjectionTransport)).toBe(false);
      expect(hasProvider(running, OutboxDispatcher)).toBe(false);
    } finally {
      await running.close();
    }
  }, 60_000);

  it('a consumers process runs the projection transport and the outbox worker, and serves no webhook, SSE, admin API or docs', async () => {
    const running = await startTestApp(testConfig({ ROLE: 'consumers' }));
    try {
      expect(await status(running, 'GET', '/health/live')).toBe(200);
      expect(await status(running, 'GET', '/metrics')).toBe(200);
      // Right after start a new topic's partitions may have no leader yet (503 LAG_UNAVAILABLE): wait for it.
      await eventually(async () => expect(await status(running, 'GET', '/projections/lag')).toBe(200), 30_000, 100);
      expect((await postWebhook(running.baseUrl, '{}')).status).toBe(404);
      expect(await status(running, 'GET', '/docs-json')).toBe(404);
      expect(await status(running, 'POST', '/admin/replay')).toBe(404);
      expect(hasProvider(running, SseIngressService)).toBe(false);
      expect(hasProvider(running, OutboxDispatcher)).toBe(true);
      expect(running.app.getMicroservices()).toHaveLength(1);
      expect(running.app.get(ProjectionTransport).unwrap<unknown[]>().length).toBeGreaterThan(0);
    } finally {
      await running.close();
    }
  }, 60_000);

  describe('graceful shutdown of the consumers', () => {
    const prefix = uniquePrefix();
    const kafka = testKafka();
    let db: Client;

    beforeAll(async () => {
      db = await testDatabase();
      await provisionTopics(kafka, { prefix, partitions: 3, replicationFactor: 1 });
      const events: SimulatedEvent[] = [];
      for (let n = 0; n < 40; n += 1) {
        const instance = uniqueInstance();
        for (let i = 0; i < 100; i += 1) {
          const contact = { contact: { id: `1555${String(n).padStart(3, '0')}${String(i).padStart(4, '0')}@s.whatsapp.net` }, fullName: `Contact ${i}`, inPhoneAddressBook: true };
          events.push(JSON.parse(envelope(instance, 'contact', contact, '2026-03-01T10:00:00Z')) as SimulatedEvent);
        }
      }
      await produceStream(kafka, prefix, events);
    }, 120_000);
    afterAll(async () => {
      await db?.end();
    });

    const checkpoints = async () =>
      (await db.query<{ topic: string; partition: number; next_offset: string }>(
        "SELECT topic, partition, next_offset FROM projection_checkpoints WHERE projection = 'contacts' AND topic = $1 AND next_offset > 0",
        [topicName(prefix, EventCategory.Contacts)],
      )).rows;

    it('stops mid-stream leaving the group, with Kafka committed up to the checkpoints stored with the rows', async () => {
      // Small fetches: many batches, so the stop lands while some are still to come.
      const running = await startTestApp(testConfig({ ROLE: 'consumers', KAFKA_TOPIC_PREFIX: prefix, PROJECTION_FETCH_MAX_BYTES: '4096', OUTBOX_DISPATCHER_ENABLED: 'false' }));
      await eventually(async () => expect((await checkpoints()).length).toBeGreaterThan(0), 60_000, 50);
      await running.close();

      const stored = await checkpoints();
      const applied = stored.reduce((sum, row) => sum + Number(row.next_offset), 0);
      expect(applied).toBeLessThan(4000); // it did stop mid-stream, so what follows is about a stop in progress
      const groupId = liveGroupId(prefix, 'contacts');
      const admin = kafka.admin();
      await admin.connect();
      try {
        const [committed] = await admin.fetchOffsets({ groupId, topics: [topicName(prefix, EventCategory.Contacts)] });
        const byPartition = new Map(committed.partitions.map((partition) => [partition.partition, partition.offset]));
        for (const row of stored) expect({ partition: row.partition, offset: byPartition.get(row.partition) }).toEqual({ partition: row.partition, offset: row.next_offset });
        const { groups } = await admin.describeGroups([groupId]);
        expect(groups[0]).toMatchObject({ state: 'Empty', members: [] });
      } finally {
        await admin.disconnect();
      }
    }, 120_000);
  });
});
