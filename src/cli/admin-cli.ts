import 'reflect-metadata';
import { DynamicModule, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfig, ConfigValidationError, loadAppConfig } from '../config/app-config';

/** The root module a command line runs on (roots/): what it needs and nothing that serves or works. */
export type CliRoot = (config: AppConfig) => DynamicModule;

/**
 * Runs one of the operator command lines (replay, backfill): arguments parsed first (a string is
 * the usage or the problem: printed, exit 2), then its own root module as an application context
 * (no HTTP server, no consumers, no workers, whatever ROLE says), closed again; the exit code is `run`'s, 78 for
 * a bad configuration (EX_CONFIG, as the service), 1 for anything unexpected.
 */
export function runAdminCli<T>(name: string, root: CliRoot, parse: (argv: string[]) => T | string, run: (app: INestApplicationContext, parsed: T) => Promise<number>): void {
  main(root, parse, run)
    .then((code) => process.exit(code))
    .catch((error: unknown) => {
      process.stderr.write(error instanceof ConfigValidationError ? `${error.message}\n` : `${name} failed: ${(error as Error).stack ?? String(error)}\n`);
      process.exit(error instanceof ConfigValidationError ? 78 : 1);
    });
}

async function main<T>(root: CliRoot, parse: (argv: string[]) => T | string, run: (app: INestApplicationContext, parsed: T) => Promise<number>): Promise<number> {
  const parsed = parse(process.argv.slice(2));
  if (typeof parsed === 'string') {
    process.stderr.write(`${parsed}\n`);
    return 2;
  }
  const config = { ...loadAppConfig(process.env), LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' };
  const app = await NestFactory.createApplicationContext(root(config), { logger: ['error', 'warn'] });
  try {
    return await run(app, parsed);
  } finally {
    await app.close();
  }
}

/** A progress line on stderr: redrawn in place on a terminal, else printed every `everyMs` and at the end. */
export class ProgressWriter {
  private readonly interactive = process.stderr.isTTY;
  private lastLine = 0;

  constructor(private readonly everyMs: number) {}

  write(line: string, last: boolean): void {
    if (this.interactive) process.stderr.write(`\r${line}${last ? '\n' : ''}`);
    else if (last || Date.now() - this.lastLine > this.everyMs) {
      this.lastLine = Date.now();
      process.stderr.write(`${line}\n`);
    }
  }
}
