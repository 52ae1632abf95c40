export interface BenchOptions {
  /** Shorter runs and 100k instead of 1M history messages (the rebuild figure is then extrapolated). */
  quick: boolean;
  /** History messages for the projection and rebuild stages. */
  historyMessages: number;
  /** Seconds of sustained ingress load, and of the fixed-rate runs. */
  sustainedSeconds: number;
  fixedRateSeconds: number;
  /** Instances of the mixed live workload. */
  mixedInstances: number;
  stages: Set<string>;
  logLevel: string;
  /** The service's (and the replay's) PROJECTION_FETCH_MAX_BYTES. */
  fetchMaxBytes: number;
  /** V8 old-space cap for the service and the replay (NODE_OPTIONS=--max-old-space-size); 0 = node's default. */
  heapMb: number;
}

/**
 * Deployment tuning, see BENCHMARKS.md: a 4 MiB fetch (the service's default) bounds how many
 * history chunks a batch holds, and a 256 MB old space keeps V8 from growing the heap far past what
 * is live. Only together: with 25 MiB batches a 256 MB heap runs out of memory.
 */
export const BENCH_FETCH_MAX_BYTES = 4 * 1024 * 1024;
export const BENCH_HEAP_MB = 256;

export const STAGES = ['ingress', 'projection', 'rebuild', 'mixed', 'e2e'] as const;

export const USAGE = `usage: npm run bench [-- options]

  --quick                 short runs, 100,000 history messages (rebuild extrapolated to 1M)
  --history-messages <n>  history messages for the projection and rebuild stages (default 1,000,000)
  --only <stages>         comma-separated subset of: ${STAGES.join(', ')} (rebuild needs projection)
  --log-level <level>     the service's LOG_LEVEL during the run (default warn)
  --fetch-max-bytes <n>   the service's PROJECTION_FETCH_MAX_BYTES (default 4 MiB, as the service's)
  --heap-mb <n>           the service's --max-old-space-size (default 256; 0 = node's default)`;

export function parseBenchOptions(argv: string[]): BenchOptions | string {
  const quick = argv.includes('--quick');
  const options: BenchOptions = {
    quick,
    historyMessages: quick ? 100_000 : 1_000_000,
    sustainedSeconds: quick ? 6 : 15,
    fixedRateSeconds: quick ? 5 : 15,
    mixedInstances: quick ? 15 : 40,
    stages: new Set(STAGES),
    logLevel: 'warn',
    fetchMaxBytes: BENCH_FETCH_MAX_BYTES,
    heapMb: BENCH_HEAP_MB,
  };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--quick') continue;
    if (arg === '--help' || arg === '-h') return USAGE;
    const value = argv[i + 1];
    if (value === undefined) return `${arg} needs a value\n\n${USAGE}`;
    i += 1;
    if (arg === '--history-messages') options.historyMessages = Number(value.replace(/[_,]/g, ''));
    else if (arg === '--only') options.stages = new Set(value.split(','));
    else if (arg === '--log-level') options.logLevel = value;
    else if (arg === '--fetch-max-bytes') options.fetchMaxBytes = Number(value);
    else if (arg === '--heap-mb') options.heapMb = Number(value);
    else return `unknown option ${arg}\n\n${USAGE}`;
  }
  const unknown = [...options.stages].filter((stage) => !(STAGES as readonly string[]).includes(stage));
  if (unknown.length > 0) return `unknown stage(s) ${unknown.join(', ')}\n\n${USAGE}`;
  if (options.stages.has('rebuild')) options.stages.add('projection');
  if (!Number.isInteger(options.historyMessages) || options.historyMessages < 1000) return '--history-messages must be an integer ≥ 1000';
  return options;
}
