import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigValidationError, loadAppConfig } from '../config/app-config';
import { ReplayCliRootModule } from '../roots/replay-cli-root.module';
import { renderProgressBar } from './progress';
import { ReplayService, ReplaySummary } from './replay.service';

const USAGE = `usage: npm run replay -- <projection|all> [--instance <instanceId>] [--dry-run]

Rebuilds read models from the Kafka topics into shadow tables, then swaps them in atomically.
  --instance <id>  rebuild only that instance's rows
  --dry-run        build the shadow tables and report differences; change nothing`;

interface CliArguments {
  projection: string;
  instanceId?: string;
  dryRun: boolean;
}

export function parseArguments(argv: string[]): CliArguments | string {
  const rest = [...argv];
  let instanceId: string | undefined;
  let dryRun = false;
  const positional: string[] = [];
  while (rest.length > 0) {
    const arg = rest.shift()!;
    if (arg === '--dry-run') dryRun = true;
    else if (arg === '--instance') {
      instanceId = rest.shift();
      if (!instanceId) return '--instance needs an instance id';
    } else if (arg === '--help' || arg === '-h') return USAGE;
    else if (arg.startsWith('--')) return `unknown option ${arg}`;
    else positional.push(arg);
  }
  if (positional.length !== 1) return USAGE;
  return { projection: positional[0], instanceId, dryRun };
}

/** `npm run replay -- <args>`: the exit code. Its own root, whatever ROLE says (see ReplayCliRootModule). */
export async function runReplayCli(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const parsed = parseArguments(argv);
  if (typeof parsed === 'string') {
    process.stderr.write(`${parsed}\n`);
    return 2;
  }
  const config = { ...loadAppConfig(env), LOG_LEVEL: env.LOG_LEVEL ?? 'warn' };
  const app = await NestFactory.createApplicationContext(ReplayCliRootModule.register(config), { logger: ['error', 'warn'] });
  try {
    const interactive = process.stderr.isTTY;
    let lastLine = 0;
    const summaries = await app.get(ReplayService).rebuild(parsed.projection, {
      instanceId: parsed.instanceId,
      dryRun: parsed.dryRun,
      onProgress: (progress) => {
        if (interactive) process.stderr.write(`\r${renderProgressBar(progress)}`);
        else if (Date.now() - lastLine > 2000 || progress.done === progress.total) {
          lastLine = Date.now();
          process.stderr.write(`${renderProgressBar(progress)}\n`);
        }
      },
    });
    if (interactive) process.stderr.write('\n');
    summaries.forEach((summary) => process.stdout.write(`${formatSummary(summary, parsed.dryRun)}\n`));
    return 0;
  } finally {
    await app.close();
  }
}

function formatSummary(summary: ReplaySummary, dryRun: boolean): string {
  const rows = Object.entries(summary.rowsWritten).map(([table, n]) => `${table}=${n}`).join(' ');
  const outcome = dryRun
    ? `dry run, differences: ${Object.entries(summary.differences).map(([table, d]) => `${table} +${d.onlyInRebuild}/-${d.onlyInLive}`).join(' ')}`
    : summary.swapped ? 'swapped into the live tables' : 'not swapped';
  return `${summary.projection} (version ${summary.version}): ${summary.eventsRead} events read, rows ${rows}, ${summary.deadLettered} to DLQ, ${(summary.durationMs / 1000).toFixed(1)} s — ${outcome}`;
}

if (require.main === module) {
  runReplayCli(process.argv.slice(2), process.env)
    .then((code) => process.exit(code))
    .catch((error: unknown) => {
      process.stderr.write(error instanceof ConfigValidationError ? `${error.message}\n` : `replay failed: ${(error as Error).stack ?? String(error)}\n`);
      process.exit(error instanceof ConfigValidationError ? 78 : 1); // EX_CONFIG, as the service
    });
}
