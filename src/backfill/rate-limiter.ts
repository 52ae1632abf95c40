/**
 * Requests per second, per instance and in total, as token buckets (a burst of one second's worth).
 * `take` either spends a token from both buckets or says how long to wait; it never blocks.
 * In memory: the limits hold per process (one worker process per deployment is the usual case).
 */
export class RateLimiter {
  private readonly total: Bucket;
  private readonly perInstance = new Map<string, Bucket>();

  constructor(
    private readonly perInstancePerSecond: number,
    totalPerSecond: number,
    private readonly clock: () => number = Date.now,
  ) {
    this.total = new Bucket(totalPerSecond, clock());
  }

  /** 0 when the request may go now (a token was spent), else the milliseconds to wait. */
  take(instanceId: string): number {
    const now = this.clock();
    let bucket = this.perInstance.get(instanceId);
    if (!bucket) {
      bucket = new Bucket(this.perInstancePerSecond, now);
      this.perInstance.set(instanceId, bucket);
    }
    const wait = Math.max(bucket.waitMs(now), this.total.waitMs(now));
    if (wait > 0) return wait;
    bucket.spend();
    this.total.spend();
    return 0;
  }
}

class Bucket {
  private tokens: number;

  constructor(
    private readonly perSecond: number,
    private at: number,
  ) {
    this.tokens = perSecond;
  }

  waitMs(now: number): number {
    this.tokens = Math.min(this.perSecond, this.tokens + ((now - this.at) / 1000) * this.perSecond);
    this.at = now;
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / this.perSecond) * 1000);
  }

  spend(): void {
    this.tokens -= 1;
  }
}
