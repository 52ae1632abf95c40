import 'reflect-metadata';
import { createApp, startApp } from './app.factory';
import { ConfigValidationError, loadAppConfig } from './config/app-config';

async function main(): Promise<void> {
  let config;
  try {
    config = loadAppConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const app = await createApp(config);
  await startApp(app, config.PORT, '0.0.0.0');
}

void main().catch((error: unknown) => {
  process.stderr.write(`wsapi-sync failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
