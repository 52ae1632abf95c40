import { Client } from 'pg';
import { envelope } from '../support/events';
import { eventually, testDatabase } from '../support/database';
import { postWebhook } from '../support/http';
import { fullyReplicated, kafkaCluster, partitionLeaders, useFreshCluster } from '../support/kafka-cluster';
import { RunningApp, startTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { countRecords } from '../support/topic-reader';
import { liveGroupId } from '../../src/projections/engine/projections.service';

const INSTANCES = 6; // the instance is the key: the messages spread over the three partitions
const CHAT = '15550100301@s.whatsapp.net';
/** Events whose 200 came after the kill that must all be projected while the node is still down. */
const AFTER_KILL = 150;
/** The promise under test: projections caught up with those within this long of the kill. */
const CONTINUE_WITHIN_MS = 75_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Webhooks (`message` events, distinct ids) posted one after the other by a few senders; a refused
 * one (503, no answer) is sent again until it is accepted, even while stopping, so every id
 * started is in Kafka at the end. Records when each one was accepted.
 */
class MessagePublisher {
  readonly acceptedAt = new Map<string, number>();
  private next = 0;
  private stopping = false;
  private senders: Promise<void>[] = [];

  constructor(private readonly baseUrl: string) {}

  start(senders = 4): this {
    this.senders = Array.from({ length: senders }, () => this.send());
    return this;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.senders);
  }

  acceptedSince(time: number): string[] {
    return [...this.acceptedAt].filter(([, at]) => at >= time).map(([id]) => id);
  }

  private async send(): Promise<void> {
    while (!this.stopping) {
      const n = (this.next += 1);
      const id = `M${n}`;
      const body = envelope(instanceOf(id), 'message', { id, time: '2026-03-01T10:00:00Z', chatId: CHAT, sender: { id: CHAT }, isGroup: false, type: 'text', text: `text ${id}` }, '2026-03-01T10:00:00Z', `evt_consumer_${n}`);
      for (;;) {
        const status = await postWebhook(this.baseUrl, body).then((r) => r.status, () => 0);
        if (status === 200) break;
        await sleep(250);
      }
      this.acceptedAt.set(id, Date.now());
      await sleep(20);
    }
  }
}

// Fixed ids: six instances as keys spread the messages over all three partitions (the test database
// is recreated per run). Other spec files may use CHAT too, so every query keeps to these instances.
const instanceOf = (id: string) => `ins_consumer_${Number(id.slice(1)) % INSTANCES}`;
const OURS = `instance_id LIKE 'ins\\_consumer\\_%'`;

/**
 * Projections on a real 3-broker cluster (replication 3, min.insync.replicas=2) when the node that
 * is the consumer groups' coordinator (leader of the one `__consumer_offsets` partition) is
 * SIGKILLed and stays down: they go on projecting on the two survivors within a bound, and once
 * the node is back the read model holds every accepted event exactly once, nothing dead-lettered.
 */
describe('projections on a 3-broker cluster when the group coordinator dies', () => {
  let running: RunningApp | undefined;
  let db: Client;
  // Declared before useFreshCluster: jest runs afterAll hooks in declaration order, and the app
  // (if a failure left it running) must close while the cluster is still up.
  afterAll(async () => {
    await stopApp();
    await db?.end();
  });
  const cluster = useFreshCluster();

  beforeAll(async () => {
    db = await testDatabase();
  });
  const stopApp = async () => {
    const app = running;
    running = undefined;
    await app?.close();
  };

  const projectedIds = async (ids?: string[]): Promise<Set<string>> => {
    const { rows } = ids
      ? await db.query<{ id: string }>(`SELECT id FROM messages WHERE chat_id = $1 AND id = ANY($2) AND ${OURS}`, [CHAT, ids])
      : await db.query<{ id: string }>(`SELECT id FROM messages WHERE chat_id = $1 AND ${OURS}`, [CHAT]);
    return new Set(rows.map((row) => row.id));
  };

  /** The group's state as its coordinator reports it, and the offsets committed to Kafka (summed over the partitions). */
  const groupMember = async (groupId: string, topic: string, committedAtKill = 0) => {
    const admin = cluster().admin();
    await admin.connect();
    try {
      const [{ groups }, [committed]] = await Promise.all([admin.describeGroups([groupId]), admin.fetchOffsets({ groupId, topics: [topic] })]);
      const committedThrough = committed.partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
      return { state: groups[0].state, members: groups[0].members.length, committedThrough, committedAtKill };
    } finally {
      await admin.disconnect();
    }
  };

  it('keeps projecting on the surviving brokers, then holds every event exactly once', async () => {
    const app = await startTestApp(
      testConfig({
        ROLE: 'all',
        KAFKA_BROKERS: kafkaCluster.brokers(),
        KAFKA_REPLICATION_FACTOR: '3',
        KAFKA_TOPIC_PARTITIONS: '3',
        KAFKA_SESSION_TIMEOUT_MS: '10000',
        PUBLISH_TIMEOUT_MS: '5000',
      }),
    );
    running = app;
    const prefix = app.config.KAFKA_TOPIC_PREFIX;
    const topic = `${prefix}.messages`;
    const groupId = liveGroupId(prefix, 'messages');
    const publisher = new MessagePublisher(app.baseUrl).start();
    try {
      // Projecting before the fault.
      await eventually(async () => expect((await projectedIds()).size).toBeGreaterThanOrEqual(100), 90_000, 250);

      const coordinator = (await partitionLeaders(cluster(), '__consumer_offsets')).get(0)!;
      const committedAtKill = (await groupMember(groupId, topic, 0)).committedThrough;
      kafkaCluster.kill(coordinator);
      const killedAt = Date.now();

      // Events accepted after the kill, while the node stays down: all of them projected in time.
      let firstRowMs = Infinity; // the figure: from the kill to the first row of an event accepted after it
      const projectedSinceKill = async (ids: string[]) => {
        const projected = await projectedIds(ids);
        if (projected.size > 0) firstRowMs = Math.min(firstRowMs, Date.now() - killedAt);
        return projected;
      };
      const afterKill = await eventually(async () => {
        const ids = publisher.acceptedSince(killedAt);
        await projectedSinceKill(ids);
        expect(ids.length).toBeGreaterThanOrEqual(AFTER_KILL);
        return ids.slice(0, AFTER_KILL);
      }, CONTINUE_WITHIN_MS, 100);
      await eventually(async () => {
        const projected = await projectedSinceKill(afterKill);
        expect(afterKill.filter((id) => !projected.has(id))).toEqual([]);
      }, Math.max(0, killedAt + CONTINUE_WITHIN_MS - Date.now()), 100);
      const caughtUpMs = Date.now() - killedAt;
      // Not a zombie: still the group's member on the survivors (else a second replica of the service
      // would be handed the same partitions), and its Kafka commits reach the new coordinator (lag tools).
      const rejoined = await eventually(async () => {
        const member = await groupMember(groupId, topic);
        expect(member).toMatchObject({ state: 'Stable', members: 1 });
        expect(member.committedThrough).toBeGreaterThan(member.committedAtKill);
        return Date.now() - killedAt;
      }, CONTINUE_WITHIN_MS, 500);
      console.log(JSON.stringify({ fault: 'sigkill-group-coordinator', node: coordinator, firstRowAfterKillMs: firstRowMs, caughtUpWith: AFTER_KILL, caughtUpMs, memberOfGroupAgainMs: rejoined }));

      kafkaCluster.start(coordinator);
      await eventually(async () => expect(await fullyReplicated(cluster(), [topic, '__consumer_offsets'])).toBe(true), 90_000, 1000);
      const backAt = Date.now();
      await eventually(async () => expect(publisher.acceptedSince(backAt).length).toBeGreaterThanOrEqual(50), 60_000, 100); // more with the node back
    } finally {
      await publisher.stop();
    }

    // Every accepted event projected, nothing else; every record applied (checkpoints at the end offsets).
    const accepted = [...publisher.acceptedAt.keys()].sort();
    await eventually(async () => expect([...(await projectedIds())].sort()).toEqual(accepted), 60_000, 500);
    await stopApp(); // so the checkpoints are final
    const admin = cluster().admin();
    await admin.connect();
    try {
      // The returning node takes its leaderships back meanwhile: a leader election answers "no leader" for a moment.
      const ends = await eventually(() => admin.fetchTopicOffsets(topic), 30_000, 500);
      const { rows } = await db.query<{ partition: number; next_offset: string }>(
        "SELECT partition, next_offset FROM projection_checkpoints WHERE projection = 'messages' AND topic = $1 ORDER BY partition",
        [topic],
      );
      expect(rows.map((row) => [row.partition, row.next_offset])).toEqual(ends.map((end) => [end.partition, end.high]).sort(([a], [b]) => Number(a) - Number(b)));
    } finally {
      await admin.disconnect();
    }
    const texts = await db.query<{ id: string; text: string; instance_id: string }>(`SELECT id, text, instance_id FROM messages WHERE chat_id = $1 AND ${OURS}`, [CHAT]);
    expect(texts.rows.filter((row) => row.text !== `text ${row.id}` || row.instance_id !== instanceOf(row.id))).toEqual([]);
    const dlq = await eventually(() => countRecords(cluster(), [`${prefix}.dlq`]), 30_000, 500);
    expect(dlq[`${prefix}.dlq`] ?? 0).toBe(0);
  }, 300_000);
});
