import { DataSourceOptions } from 'typeorm';
import { ALL_MIGRATIONS } from '../../migrations';

/** One place for TypeORM's settings; migrations are explicit classes, schema sync is never on. */
export function dataSourceOptions(databaseUrl: string): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: [],
    migrations: ALL_MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    extra: { max: 10, application_name: 'wsapi-sync' },
  };
}
