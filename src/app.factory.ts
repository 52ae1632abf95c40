import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { setupApiDocs } from './api-docs';
import { AppModule } from './app.module';
import { AppConfig } from './config/app-config';
import { serveWebhookFirst } from './ingress/serve-webhook-first';
import { WebhookHttpHandler } from './ingress/webhook-http-handler';
import { ProjectionTransport } from './projections/engine/projection-transport';
import { composesConsumers, composesIngress } from './roots/roles';

/**
 * Builds a serving process from the roots its ROLE names. Every process is an HTTP application
 * (/health, /metrics); with the ingress root, the webhook is served ahead of Express (raw bytes,
 * no framework on the hot path: see WebhookHttpHandler) and the API docs are mounted; with the
 * consumers root, the projection engine is connected as a microservice (a hybrid application),
 * which startApp starts.
 */
export async function createApp(config: AppConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config), {
    bodyParser: false,
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  if (composesIngress(config.ROLE)) serveWebhookFirst(app.getHttpServer(), app.get(WebhookHttpHandler));
  app.useBodyParser('json', { limit: '1mb' });
  app.enableShutdownHooks();
  if (composesConsumers(config.ROLE)) app.connectMicroservice({ strategy: app.get(ProjectionTransport) });
  if (composesIngress(config.ROLE)) setupApiDocs(app);
  return app;
}

/**
 * Starts a built process: initialised first (migrations run, topics provisioned), then the
 * consumers, then HTTP — so a process answers /health only once it consumes.
 */
export async function startApp(app: INestApplication, port: number, host: string): Promise<void> {
  await app.init();
  await app.startAllMicroservices();
  await app.listen(port, host);
}
