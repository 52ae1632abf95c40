import { recreateDatabase } from './read-model-dump';
import { TEST_DATABASE_URL } from './test-config';

/** Every integration run starts from an empty test database, migrated by the service itself. */
export default async function globalSetup(): Promise<void> {
  await recreateDatabase(TEST_DATABASE_URL);
}
