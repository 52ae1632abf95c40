export interface ReplayProgress {
  projection: string;
  done: number;
  total: number;
  eventsPerSecond: number;
  etaSeconds: number | undefined;
}

/** Measures progress against the offsets the rebuild must reach. */
export class ProgressMeter {
  private readonly startedAt = Date.now();

  constructor(
    private readonly projection: string,
    private readonly total: number,
  ) {}

  at(done: number): ReplayProgress {
    const seconds = Math.max((Date.now() - this.startedAt) / 1000, 0.001);
    const eventsPerSecond = done / seconds;
    const remaining = Math.max(this.total - done, 0);
    return {
      projection: this.projection,
      done,
      total: this.total,
      eventsPerSecond: Math.round(eventsPerSecond),
      etaSeconds: eventsPerSecond > 0 ? Math.ceil(remaining / eventsPerSecond) : undefined,
    };
  }
}

/** What the bar counts: `events`/`ev/s` for a rebuild, `chats`/`chats/s` for a backfill. */
export interface ProgressUnit {
  name: string;
  rate: string;
}

/** `[#######-------]  52%  12,345/23,000 events  8,100 ev/s  ETA 2s` */
export function renderProgressBar(progress: ReplayProgress, width = 30, unit: ProgressUnit = { name: 'events', rate: 'ev/s' }): string {
  const ratio = progress.total === 0 ? 1 : Math.min(progress.done / progress.total, 1);
  const filled = Math.round(ratio * width);
  const eta = progress.etaSeconds === undefined ? '?' : `${progress.etaSeconds}s`;
  return `${progress.projection.padEnd(12)} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.round(ratio * 100)).padStart(3)}%  ${progress.done.toLocaleString('en-US')}/${progress.total.toLocaleString('en-US')} ${unit.name}  ${progress.eventsPerSecond.toLocaleString('en-US')} ${unit.rate}  ETA ${eta}`;
}
