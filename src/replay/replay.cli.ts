import { INestApplicationContext } from '@nestjs/common';
import { ProgressWriter, runAdminCli } from '../cli/admin-cli';
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

/** The rebuild, with its progress on stderr and a summary per projection on stdout. */
async function rebuild(app: INestApplicationContext, parsed: CliArguments): Promise<number> {
  const progressLine = new ProgressWriter(2000);
  const summaries = await app.get(ReplayService).rebuild(parsed.projection, {
    instanceId: parsed.instanceId,
    dryRun: parsed.dryRun,
    onProgress: (progress) => progressLine.write(renderProgressBar(progress), progress.done === progress.total),
  });
  summaries.forEach((summary) => process.stdout.write(`${formatSummary(summary, parsed.dryRun)}\n`));
  return 0;
}

function formatSummary(summary: ReplaySummary, dryRun: boolean): string {
  const rows = Object.entries(summary.rowsWritten).map(([table, n]) => `${table}=${n}`).join(' ');
  const outcome = dryRun
    ? `dry run, differences: ${Object.entries(summary.differences).map(([table, d]) => `${table} +${d.onlyInRebuild}/-${d.onlyInLive}`).join(' ')}`
    : summary.swapped ? 'swapped into the live tables' : 'not swapped';
  return `${summary.projection} (version ${summary.version}): ${summary.eventsRead} events read, rows ${rows}, ${summary.deadLettered} to DLQ, ${(summary.durationMs / 1000).toFixed(1)} s — ${outcome}`;
}

// Its own root: no SSE stream, no live consumer, no outbox or backfill worker, whatever ROLE says.
if (require.main === module) runAdminCli('replay', ReplayCliRootModule.register, parseArguments, rebuild);
