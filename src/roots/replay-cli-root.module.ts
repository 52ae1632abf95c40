import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { ReplayModule } from '../replay/replay.module';
import { CoreModule } from './core.module';

/**
 * The replay CLI: the core (config, Postgres, Kafka), the projections and the rebuild — nothing
 * else, so a rebuild opens no SSE stream, runs no live consumer and delivers no outbox job.
 */
@Module({})
export class ReplayCliRootModule {
  static register(config: AppConfig): DynamicModule {
    return { module: ReplayCliRootModule, imports: [CoreModule.register(config), ReplayModule] };
  }
}
