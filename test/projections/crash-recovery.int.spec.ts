import { Client } from 'pg';
import { generateAccountStream, SMALL_ACCOUNT } from '../../tools/simulator/account-stream';
import { provisionTopics } from '../../src/kafka/topic-provisioner';
import { cleanRunDump } from '../support/clean-run';
import { eventually } from '../support/database';
import { dumpReadModels, recreateDatabase } from '../support/read-model-dump';
import { ensureBuilt, ServiceProcess } from '../support/service-process';
import { produceStream } from '../support/stream-producer';
import { startTestApp } from '../support/test-app';
import { testConfig, uniquePrefix } from '../support/test-config';
import { ProjectionsService } from '../../src/projections/engine/projections.service';
import { countRecords, testKafka } from '../support/topic-reader';

const CRASHED_DB = 'postgres://postgres@127.0.0.1:5432/wsapi_sync_test_crashed';
const CLEAN_DB = 'postgres://postgres@127.0.0.1:5432/wsapi_sync_test_clean';

/**
 * The exactly-once promise under crashes and scale-out: service processes are SIGKILLed while
 * they project a stream, and the read models end up identical, row for row, to those of an
 * uninterrupted single-process run over the same topics.
 */
describe('projections survive SIGKILL mid-stream', () => {
  const kafka = testKafka();

  const started: ServiceProcess[] = [];
  beforeAll(() => ensureBuilt());
  afterEach(async () => {
    await Promise.all(started.splice(0).map((service) => service.kill()));
  });

  const consumerProcess = (prefix: string, group: string) => {
    const service = new ServiceProcess({
      ROLE: 'consumers',
      KAFKA_TOPIC_PREFIX: prefix,
      KAFKA_CONSUMER_GROUP_PREFIX: group,
      DATABASE_URL: CRASHED_DB,
      LOG_LEVEL: 'warn',
      // Small fetches: many small batches, so the kills land between and inside transactions.
      PROJECTION_FETCH_MAX_BYTES: '8192',
      KAFKA_SESSION_TIMEOUT_MS: '6000', // the broker's minimum: a killed member's partitions move on sooner
    });
    started.push(service);
    return service;
  };

  const prepare = async (seed: number, liveMessagesPerChat = SMALL_ACCOUNT.liveMessagesPerChat) => {
    const prefix = uniquePrefix();
    await recreateDatabase(CRASHED_DB);
    await provisionTopics(kafka, { prefix, partitions: 3, replicationFactor: 1 });
    await produceStream(kafka, prefix, generateAccountStream(seed, { ...SMALL_ACCOUNT, historyMessagesPerChat: 600, liveMessagesPerChat }));
    return prefix;
  };

  /** Records applied so far by all projections (their checkpoints in Postgres): cheap to poll. */
  const applied = async (): Promise<number> => {
    const db = new Client({ connectionString: CRASHED_DB });
    await db.connect();
    try {
      const { rows } = await db.query('SELECT coalesce(sum(next_offset), 0)::bigint AS n FROM projection_checkpoints').catch(() => ({ rows: [{ n: 0 }] }));
      return Number(rows[0].n);
    } finally {
      await db.end();
    }
  };

  /** Waits until `fraction` of all the work is applied; returns the work still left then. */
  const progressedTo = (total: number, fraction: number) =>
    eventually(async () => {
      const done = await applied();
      if (done < total * fraction) throw new Error(`only ${done} of ${total} applied`);
      return total - done;
    }, 120_000, 20);

  /** Records the projections have to apply in all: the end offsets of every partition they read. */
  const totalWork = async (prefix: string) => {
    const probe = await startTestApp(testConfig({ ROLE: 'ingress', KAFKA_TOPIC_PREFIX: prefix, DATABASE_URL: CRASHED_DB }));
    try {
      const partitions = await probe.app.get(ProjectionsService).lag();
      return partitions.reduce((sum, partition) => sum + Number(partition.endOffset), 0);
    } finally {
      await probe.close();
    }
  };

  it('one process killed three times during ≥ 50,000 events ends with the same rows as an uninterrupted run', async () => {
    const prefix = await prepare(7, 2000); // 58,155 records
    const service = consumerProcess(prefix, `${prefix}-crashed`);
    const kills: number[] = [];
    const total = await totalWork(prefix);

    service.start();
    for (const fraction of [0.2, 0.5, 0.8]) {
      kills.push(await progressedTo(total, fraction)); // mid-stream, not at the edges
      await service.kill();
      service.start();
    }
    await eventually(async () => expect(await service.lag()).toBe(0), 180_000, 500);
    await service.kill();
    expect(kills.filter((remaining) => remaining > 0).length).toBeGreaterThanOrEqual(2);

    const crashed = await dumpReadModels(CRASHED_DB);
    expect((crashed.contacts ?? []).length).toBeGreaterThan(0);
    expect(crashed).toEqual(await cleanRunDump(prefix, CLEAN_DB));
    const dlq = `${prefix}.dlq`;
    expect(await countRecords(kafka, [dlq])).toEqual({ [dlq]: 0 });
    // Usually ~45 s, but once a clean-clone CI run took over 120 s (likely a kill landing during a
    // rebalance, which then waits for the dead member longer than its session timeout). The waits
    // above allow up to 180 s for catching up, so the test's own limit must allow it too.
  }, 360_000);

  it('two replicas split the partitions; one killed midway, the other takes over with nothing lost or doubled', async () => {
    const prefix = await prepare(8);
    const group = `${prefix}-replicas`;
    const [first, second] = [consumerProcess(prefix, group), consumerProcess(prefix, group)];
    const total = await totalWork(prefix);
    first.start();
    second.start();
    const remaining = await progressedTo(total, 0.5);
    await first.kill();
    expect(remaining).toBeGreaterThan(0);
    await eventually(async () => expect(await second.lag()).toBe(0), 180_000, 500);
    await second.kill();

    expect(await dumpReadModels(CRASHED_DB)).toEqual(await cleanRunDump(prefix, CLEAN_DB));
  }, 300_000);
});
