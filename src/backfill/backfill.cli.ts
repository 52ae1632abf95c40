import { INestApplicationContext } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ProgressWriter, runAdminCli } from '../cli/admin-cli';
import { BackfillCliRootModule } from '../roots/backfill-cli-root.module';
import { backfillChatTable, backfillProgressLine } from './backfill-progress';
import { BackfillReport } from './backfill-report';
import { BackfillError } from './backfill.error';
import { BackfillService } from './backfill.service';
import { StartBackfillDto } from './start-backfill.dto';

const USAGE = `usage: npm run backfill -- <instanceId> [--chat <chatId>]... [--until <date>] [--max <n>] [--no-follow]
       npm run backfill -- --status <backfillId>
       npm run backfill -- --cancel <backfillId>

Starts a backfill of older messages (the service's consumer processes walk it), then follows it
with a progress bar and ETA until every chat is finished; Ctrl-C stops following, not the backfill.
  --chat <id>   only this chat (repeatable); default: every chat with messages
  --until <date> stop a chat once its oldest message reached is this old (ISO-8601)
  --max <n>     stop a chat after n older messages
  --no-follow   print the backfill id and return`;

export type CliCommand =
  | { kind: 'start'; instanceId: string; request: StartBackfillDto; follow: boolean }
  | { kind: 'status'; backfillId: string }
  | { kind: 'cancel'; backfillId: string };

export function parseArguments(argv: string[]): CliCommand | string {
  const rest = [...argv];
  const positional: string[] = [];
  const chatIds: string[] = [];
  const request: StartBackfillDto = {};
  let follow = true;
  while (rest.length > 0) {
    const arg = rest.shift()!;
    const value = () => rest.shift() ?? '';
    if (arg === '--help' || arg === '-h') return USAGE;
    if (arg === '--status' || arg === '--cancel') {
      const backfillId = value();
      if (!backfillId) return `${arg} needs a backfill id`;
      return arg === '--status' ? { kind: 'status', backfillId } : { kind: 'cancel', backfillId };
    }
    if (arg === '--chat') chatIds.push(value());
    else if (arg === '--until') request.until = value();
    else if (arg === '--max') {
      const max = value();
      request.maxMessagesPerChat = /^\d+$/.test(max) ? Number(max) : NaN;
    }
    else if (arg === '--no-follow') follow = false;
    else if (arg.startsWith('--')) return `unknown option ${arg}`;
    else positional.push(arg);
  }
  if (positional.length !== 1) return USAGE;
  if (chatIds.length > 0) request.chatIds = chatIds;
  const problems = validateSync(plainToInstance(StartBackfillDto, request)).flatMap((error) => Object.values(error.constraints ?? {}));
  if (problems.length > 0) return `invalid options: ${problems.join('; ')}`;
  return { kind: 'start', instanceId: positional[0], request, follow };
}

/** Start (and follow), status or cancel; a refusal (unknown instance, running backfill…) is printed with its code, exit 1. */
async function backfill(app: INestApplicationContext, parsed: CliCommand): Promise<number> {
  const backfills = app.get(BackfillService);
  try {
    if (parsed.kind === 'cancel') return print(await backfills.cancel(parsed.backfillId));
    if (parsed.kind === 'status') return print(await backfills.describe(parsed.backfillId));
    const { backfillId, chats } = await backfills.start(parsed.instanceId, parsed.request);
    process.stdout.write(`backfill ${backfillId} started for ${parsed.instanceId}: ${chats} chat(s)\n`);
    return parsed.follow ? print(await follow(backfills, backfillId)) : 0;
  } catch (error) {
    if (!(error instanceof BackfillError)) throw error;
    process.stderr.write(`${error.code}: ${error.message}\n`);
    return 1;
  }
}

/** Until the backfill is no longer running (the service's workers walk it; this only watches). */
async function follow(backfills: BackfillService, backfillId: string): Promise<BackfillReport> {
  const progressLine = new ProgressWriter(5000);
  for (;;) {
    const report = await backfills.describe(backfillId);
    const done = report.state !== 'running';
    progressLine.write(backfillProgressLine(report), done);
    if (done) return report;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

function print(report: BackfillReport): number {
  process.stdout.write(`${backfillProgressLine(report)}\n${backfillChatTable(report)}\n`);
  return 0;
}

if (require.main === module) runAdminCli('backfill', BackfillCliRootModule.register, parseArguments, backfill);
