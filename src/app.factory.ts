import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { setupApiDocs } from './api-docs';
import { AppModule } from './app.module';
import { AppConfig } from './config/app-config';
import { countIngressRequests } from './ingress/ingress-metrics.middleware';
import { rawBodyMiddleware } from './ingress/raw-body.middleware';
import { MetricsService } from './metrics/metrics.service';
import { WEBHOOK_PATH } from './ingress/webhook.controller';

/**
 * Builds the HTTP application. Nest's global body parser is off: the webhook route reads raw
 * bytes, registered first so no JSON parser touches them; every other route gets a small JSON
 * parser.
 */
export async function createApp(config: AppConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config), {
    bodyParser: false,
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.use(`/${WEBHOOK_PATH}`, countIngressRequests(app.get(MetricsService)), rawBodyMiddleware(config.MAX_BODY_BYTES));
  app.useBodyParser('json', { limit: '1mb' });
  app.enableShutdownHooks();
  setupApiDocs(app);
  return app;
}
