import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { setupApiDocs } from './api-docs';
import { AppModule } from './app.module';
import { AppConfig } from './config/app-config';
import { serveWebhookFirst } from './ingress/serve-webhook-first';
import { WebhookHttpHandler } from './ingress/webhook-http-handler';

/**
 * Builds the HTTP application. The webhook is served ahead of Express (raw bytes, no framework
 * on the hot path: see WebhookHttpHandler); every other route is Nest's, with a small JSON parser.
 */
export async function createApp(config: AppConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config), {
    bodyParser: false,
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  serveWebhookFirst(app.getHttpServer(), app.get(WebhookHttpHandler));
  app.useBodyParser('json', { limit: '1mb' });
  app.enableShutdownHooks();
  setupApiDocs(app);
  return app;
}
