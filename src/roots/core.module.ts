import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { ConfigModule } from '../config/config.module';
import { DatabaseModule } from '../database/database.module';
import { KafkaModule } from '../kafka/kafka.module';
import { MetricsModule } from '../metrics/metrics.module';

/**
 * What every process kind is built on, the replay CLI included: the validated configuration,
 * the metrics registry, Postgres (migrated) and the Kafka client with its topics provisioned.
 */
@Module({})
export class CoreModule {
  static register(config: AppConfig): DynamicModule {
    return { module: CoreModule, imports: [ConfigModule.register(config), MetricsModule, DatabaseModule, KafkaModule] };
  }
}
