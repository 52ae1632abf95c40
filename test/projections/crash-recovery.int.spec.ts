import { generateAccountStream } from '../../src/simulator/account-stream';
import { provisionTopics } from '../../src/kafka/topic-provisioner';
import { eventually } from '../support/database';
import { dumpReadModels, recreateDatabase } from '../support/read-model-dump';
import { ensureBuilt, ServiceProcess } from '../support/service-process';
import { produceStream } from '../support/stream-producer';
import { startTestApp } from '../support/test-app';
import { testConfig, uniquePrefix } from '../support/test-config';
import { testKafka } from '../support/topic-reader';

const CRASHED_DB = 'postgres://postgres@127.0.0.1:5432/wsapi_sync_test_crashed';
const CLEAN_DB = 'postgres://postgres@127.0.0.1:5432/wsapi_sync_test_clean';

/**
 * The exactly-once promise under crashes: the service process is SIGKILLed several times while
 * it projects a stream, restarted each time, and its read models end up identical, row for row,
 * to those of an uninterrupted run over the same topics.
 */
describe('projections survive SIGKILL mid-stream', () => {
  const prefix = uniquePrefix();
  const kafka = testKafka();
  const events = generateAccountStream(7);

  beforeAll(async () => {
    ensureBuilt();
    await Promise.all([recreateDatabase(CRASHED_DB), recreateDatabase(CLEAN_DB)]);
    await provisionTopics(kafka, { prefix, partitions: 3, replicationFactor: 1 });
    await produceStream(kafka, prefix, events);
  });

  it('ends with the same rows as an uninterrupted run', async () => {
    const port = 39000 + Math.floor(Math.random() * 1000);
    const service = new ServiceProcess({
      PORT: String(port),
      ROLE: 'consumers',
      KAFKA_TOPIC_PREFIX: prefix,
      KAFKA_CONSUMER_GROUP_PREFIX: `${prefix}-crashed`,
      DATABASE_URL: CRASHED_DB,
      LOG_LEVEL: 'warn',
      // Small fetches: many small batches, so the kills land between and inside transactions.
      PROJECTION_FETCH_MAX_BYTES: '8192',
      KAFKA_SESSION_TIMEOUT_MS: '6000', // the broker's minimum: a killed member's partitions move on sooner
    });
    const lag = async (): Promise<number> => {
      const response = await fetch(`http://127.0.0.1:${port}/projections/lag`);
      return ((await response.json()) as { totalLag: number }).totalLag;
    };
    const total = async () => eventually(lag, 60_000, 50);
    const kills: number[] = [];

    service.start();
    const initial = await total();
    expect(initial).toBeGreaterThan(0);
    for (const fraction of [0.8, 0.5, 0.2]) {
      // Kill once the remaining work drops below the fraction: mid-stream, not at the edges.
      const remaining = await eventually(async () => {
        const now = await lag();
        if (now > initial * fraction) throw new Error(`lag still ${now}`);
        return now;
      }, 120_000, 20);
      await service.kill();
      kills.push(remaining);
      service.start();
    }
    await eventually(async () => expect(await lag()).toBe(0), 180_000, 500);
    await service.kill();
    expect(kills.filter((remaining) => remaining > 0).length).toBeGreaterThanOrEqual(2); // really mid-stream

    const clean = await startTestApp(
      testConfig({ ROLE: 'consumers', KAFKA_TOPIC_PREFIX: prefix, KAFKA_CONSUMER_GROUP_PREFIX: `${prefix}-clean`, DATABASE_URL: CLEAN_DB }),
    );
    const { ProjectionsService } = await import('../../src/projections/engine/projections.service');
    await eventually(async () => {
      const partitions = await clean.app.get(ProjectionsService).lag();
      expect(partitions.reduce((sum, p) => sum + p.lag, 0)).toBe(0);
    }, 180_000, 500);
    await clean.close();

    const [crashed, uninterrupted] = await Promise.all([dumpReadModels(CRASHED_DB), dumpReadModels(CLEAN_DB)]);
    expect(Object.keys(crashed).length).toBeGreaterThan(0);
    expect((crashed.contacts ?? []).length).toBeGreaterThan(0);
    expect(crashed).toEqual(uninterrupted);
  });
});
