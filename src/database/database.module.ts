import { Global, Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';
import { ensureDatabase } from './ensure-database';
import { SqlExecutor } from './sql-executor';

const logger = new Logger('Database');

/**
 * Postgres through TypeORM: the database is created if missing and migrated before use. Every
 * module reaches it through the SqlExecutor provided here.
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: async (config: AppConfig) => {
        if (await ensureDatabase(config.DATABASE_URL)) logger.log('created the database');
        return { ...dataSourceOptions(config.DATABASE_URL), migrationsRun: true, retryAttempts: 3, retryDelay: 1000 };
      },
    }),
  ],
  providers: [SqlExecutor],
  exports: [SqlExecutor],
})
export class DatabaseModule {}
