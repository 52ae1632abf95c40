import { INestApplication } from '@nestjs/common';
import { AddressInfo } from 'node:net';
import { createApp, startApp } from '../../src/app.factory';
import { AppConfig } from '../../src/config/app-config';

export interface RunningApp {
  app: INestApplication;
  config: AppConfig;
  baseUrl: string;
  close: () => Promise<void>;
}

/** Starts the real service (real Kafka, real Postgres) on a free loopback port. */
export async function startTestApp(config: AppConfig): Promise<RunningApp> {
  const app = await createApp(config);
  await startApp(app, 0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, config, baseUrl: `http://127.0.0.1:${port}`, close: () => app.close() };
}
