import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from './config/app-config';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { IngressModule } from './ingress/ingress.module';
import { KafkaModule } from './kafka/kafka.module';
import { ProjectionsModule } from './projections/projections.module';
import { SnapshotsModule } from './snapshots/snapshots.module';
import { ReplayModule } from './replay/replay.module';
import { ConfigModule } from './config/config.module';
import { AdminModule } from './admin/admin.module';
import { HistoryFlushModule } from './history-flush/history-flush.module';
import { HttpErrorsModule } from './http/http-errors.module';
import { InstanceSettingsModule } from './instance-settings/instance-settings.module';
import { MetricsModule } from './metrics/metrics.module';
import { BackfillModule } from './backfill/backfill.module';

@Module({})
export class AppModule {
  /** The whole service for one validated configuration (main.ts and the tests both build it so). */
  static register(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.register(config),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.LOG_LEVEL,
            // Secrets and tokens never reach the logs.
            redact: ['req.headers["x-webhook-signature"]', 'req.headers["x-api-key"]', 'req.headers.authorization'],
            autoLogging: { ignore: (request) => request.url?.startsWith('/health') ?? false },
            // Logs written while serving a request carry its id, not all its headers.
            quietReqLogger: true,
            // The request's log line names the event it stored (never its content).
            customProps: (_request, response) => {
              const { eventId, instanceId, eventType, topic } = (response as unknown as { locals?: Record<string, unknown> }).locals ?? {};
              return eventType === undefined ? {} : { eventId, instanceId, eventType, topic };
            },
          },
        }),
        HttpErrorsModule,
        MetricsModule,
        DatabaseModule,
        KafkaModule,
        HealthModule,
        IngressModule,
        ProjectionsModule,
        SnapshotsModule,
        ReplayModule,
        InstanceSettingsModule,
        HistoryFlushModule,
        AdminModule,
        BackfillModule,
      ],
    };
  }
}
