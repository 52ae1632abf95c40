import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '../config/app-config';

/** JSON logs for the serving processes, one line per request (the CLI keeps Nest's plain logger). */
@Module({})
export class HttpLoggerModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: HttpLoggerModule,
      imports: [
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
      ],
    };
  }
}
