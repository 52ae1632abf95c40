/** Where a loop reports a failed pass (Nest's Logger fits). */
export interface PassLogger {
  warn(message: string): void;
}

/**
 * Runs `pass` every `everyMs`, one pass at a time (the next pause starts when a pass ends). While
 * passes fail (the database is down, say) the pause doubles up to `maxPauseMs`, so a worker does
 * not hammer what is failing; the first pass that works brings it back to `everyMs`.
 */
export class PollingLoop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly what: string,
    private readonly pass: () => Promise<void>,
    private readonly everyMs: number,
    private readonly maxPauseMs: number,
    private readonly logger: PassLogger,
  ) {}

  start(): void {
    this.scheduleNext(0);
  }

  /** No new pass; resolves when the one in progress has finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private scheduleNext(failuresInARow: number): void {
    if (this.stopped) return;
    const pause = Math.min(Math.max(this.maxPauseMs, this.everyMs), this.everyMs * 2 ** failuresInARow);
    this.timer = setTimeout(() => {
      let failed = false;
      this.running = this.pass()
        .catch((error: unknown) => {
          failed = true;
          this.logger.warn(`${this.what} pass failed, trying again: ${(error as Error).message}`);
        })
        .finally(() => {
          this.running = undefined;
          this.scheduleNext(failed ? failuresInARow + 1 : 0);
        });
    }, pause);
  }
}
