import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { BackfillModule } from '../backfill/backfill.module';
import { CoreModule } from './core.module';

/**
 * The backfill CLI: the core and the backfill's state in Postgres. It records, follows and
 * cancels backfills; the walk itself runs in the consumer processes (ConsumersRootModule).
 */
@Module({})
export class BackfillCliRootModule {
  static register(config: AppConfig): DynamicModule {
    return { module: BackfillCliRootModule, imports: [CoreModule.register(config), BackfillModule] };
  }
}
