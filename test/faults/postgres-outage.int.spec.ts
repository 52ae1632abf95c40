import { Client } from 'pg';
import { provisionTopics } from '../../src/kafka/topic-provisioner';
import { ProjectionsService } from '../../src/projections/engine/projections.service';
import { generateAccountStream, SMALL_ACCOUNT } from '../../tools/simulator/account-stream';
import { cleanRunDump } from '../support/clean-run';
import { eventually } from '../support/database';
import { localPostgres } from '../support/local-postgres';
import { dumpReadModels, recreateDatabase } from '../support/read-model-dump';
import { produceStream } from '../support/stream-producer';
import { startTestApp } from '../support/test-app';
import { testConfig, uniquePrefix } from '../support/test-config';
import { countRecords, testKafka } from '../support/topic-reader';

const DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/wsapi_sync_test_pg_outage';
const CLEAN_DB = 'postgres://postgres@127.0.0.1:5432/wsapi_sync_test_pg_clean';

/** Postgres stops mid-projection: consumers pause and retry, nothing is dead-lettered, all lands after. */
describe('projections while Postgres is down', () => {
  afterAll(() => localPostgres('start'));

  it('retries through the outage and ends with the same rows as an undisturbed run, DLQ empty', async () => {
    const kafka = testKafka();
    const prefix = uniquePrefix();
    await recreateDatabase(DATABASE_URL);
    await provisionTopics(kafka, { prefix, partitions: 3, replicationFactor: 1 });
    await produceStream(kafka, prefix, generateAccountStream(21, { ...SMALL_ACCOUNT, historyMessagesPerChat: 600, liveMessagesPerChat: 400 }));

    const app = await startTestApp(
      testConfig({ ROLE: 'consumers', KAFKA_TOPIC_PREFIX: prefix, DATABASE_URL, PROJECTION_FETCH_MAX_BYTES: '8192', OUTBOX_DISPATCHER_ENABLED: 'false' }),
    );
    try {
      await eventually(async () => {
        const db = new Client({ connectionString: DATABASE_URL });
        await db.connect();
        const { rows } = await db.query('SELECT coalesce(sum(next_offset), 0)::int AS n FROM projection_checkpoints');
        await db.end();
        expect(rows[0].n).toBeGreaterThan(0);
      }, 60_000, 20);
      const remaining = (await app.app.get(ProjectionsService).lag()).reduce((sum, partition) => sum + partition.lag, 0);
      expect(remaining).toBeGreaterThan(0); // the outage hits mid-stream
      localPostgres('stop');
      await new Promise((resolve) => setTimeout(resolve, 5000));
      localPostgres('start');
      await eventually(async () => {
        const partitions = await app.app.get(ProjectionsService).lag();
        expect(partitions.reduce((sum, partition) => sum + partition.lag, 0)).toBe(0);
      }, 180_000, 500);
    } finally {
      await app.close();
    }

    expect(await dumpReadModels(DATABASE_URL)).toEqual(await cleanRunDump(prefix, CLEAN_DB));
    const dlq = `${prefix}.dlq`;
    expect(await countRecords(kafka, [dlq])).toEqual({ [dlq]: 0 });
  });
});
