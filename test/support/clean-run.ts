import { ProjectionsService } from '../../src/projections/engine/projections.service';
import { eventually } from './database';
import { dumpReadModels, recreateDatabase } from './read-model-dump';
import { startTestApp } from './test-app';
import { testConfig } from './test-config';

/** The read models an uninterrupted, single-process run builds from the topics under `prefix`. */
export async function cleanRunDump(prefix: string, databaseUrl: string): Promise<Record<string, unknown[]>> {
  await recreateDatabase(databaseUrl);
  const clean = await startTestApp(
    testConfig({ ROLE: 'consumers', KAFKA_TOPIC_PREFIX: prefix, KAFKA_CONSUMER_GROUP_PREFIX: `${prefix}-clean`, DATABASE_URL: databaseUrl }),
  );
  try {
    await eventually(async () => {
      const partitions = await clean.app.get(ProjectionsService).lag();
      expect(partitions.reduce((sum, partition) => sum + partition.lag, 0)).toBe(0);
    }, 180_000, 500);
  } finally {
    await clean.close();
  }
  return dumpReadModels(databaseUrl);
}
