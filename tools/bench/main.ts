import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { ensureLocalStack, REPO_ROOT } from '../lib/local-stack';
import { BENCH_PARTITIONS, BenchRun } from './bench-run';
import { MB, renderFigures } from './figures';
import { parseBenchOptions, USAGE } from './options';
import { e2eStage } from './stages/e2e.stage';
import { ingressStage } from './stages/ingress.stage';
import { mixedStage } from './stages/mixed.stage';
import { projectionStage } from './stages/projection.stage';
import { rebuildStage } from './stages/rebuild.stage';

const STAGE_RUNNERS: [string, (run: BenchRun) => Promise<void>][] = [
  ['ingress', ingressStage],
  ['projection', projectionStage],
  ['rebuild', rebuildStage],
  ['mixed', mixedStage],
  ['e2e', e2eStage],
];

/**
 * `npm run bench`: figures 1–5 of BENCHMARKS.md on this machine, each with a baseline measured in
 * the same run. Everything on loopback; the service runs compiled, as a child process.
 */
async function main(argv: string[]): Promise<number> {
  const options = parseBenchOptions(argv);
  if (typeof options === 'string') {
    // --help is an answer, anything else a usage error.
    const asked = options === USAGE;
    (asked ? console.log : console.error)(options);
    return asked ? 0 : 2;
  }
  ensureLocalStack();
  const run = new BenchRun(options);
  // Two cores are easily shared: another test run or a soak on the box halves every figure.
  const [loadAtStart] = loadavg();
  if (loadAtStart > 1) run.log(`warning: load average ${loadAtStart.toFixed(2)} at start — is something else running? The figures will be low.`);
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`;
  run.log(`machine: ${machine}`);
  const started = Date.now();
  for (const [name, stage] of STAGE_RUNNERS) {
    if (!options.stages.has(name)) continue;
    run.log(`— stage ${name}`);
    await stage(run);
  }
  const service = run.peakRss.filter((entry) => !entry.baseline);
  if (service.length > 0) {
    const peak = service.reduce((max, entry) => (entry.bytes > max.bytes ? entry : max));
    const bare = run.peakRss.filter((entry) => entry.baseline);
    const barePeak = bare.length > 0 ? Math.max(...bare.map((entry) => entry.bytes)) : undefined;
    run.figures.push({
      figure: `5. peak RSS of the service (max over stages: ${peak.stage})`,
      unit: 'MB',
      ours: peak.bytes / MB,
      baseline: barePeak === undefined ? undefined : barePeak / MB,
      target: '≤ 400 MB',
      met: peak.bytes <= 400 * MB,
    });
  }
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  const report = [
    `wsapi-sync benchmark — ${new Date().toISOString()} — ${machine}`,
    `command: npm run bench -- ${argv.join(' ')}`.trimEnd(),
    `load average at start: ${loadAtStart.toFixed(2)}`,
    `service: LOG_LEVEL=${options.logLevel}, PROJECTION_FETCH_MAX_BYTES=${options.fetchMaxBytes}, ${options.heapMb > 0 ? `--max-old-space-size=${options.heapMb}` : "node's default heap"}, ${BENCH_PARTITIONS} partitions, ROLE per stage`,
    '',
    renderFigures(run.figures),
    '',
    ...run.sections.flatMap((section) => [section, '']),
    'peak RSS (VmHWM) per process: ' + run.peakRss.map((entry) => `${entry.stage}${entry.baseline && !entry.stage.includes('bare') ? ' (baseline)' : ''} ${(entry.bytes / MB).toFixed(0)} MB`).join(', '),
    ...run.figures.filter((figure) => figure.note).map((figure) => `${figure.figure}: ${figure.note}`),
    `total ${minutes} min`,
  ].join('\n');
  console.log(report);
  const out = join(REPO_ROOT, '.cache/bench');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'last-run.txt'), `${report}\n`);
  writeFileSync(join(out, 'last-run.json'), JSON.stringify({ options: { ...options, stages: [...options.stages] }, figures: run.figures, peakRss: run.peakRss }, null, 2));
  return 0;
}

// Ctrl-C: exit normally, so that the service child processes are stopped with us.
process.once('SIGINT', () => process.exit(130));

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`bench failed: ${(error as Error).stack ?? String(error)}`);
    process.exit(1);
  },
);
