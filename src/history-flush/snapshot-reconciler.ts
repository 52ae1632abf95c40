import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { SqlExecutor } from '../database/sql-executor';
import { InstanceDiscovery } from '../instance-settings/instance-discovery';
import { OutboxJobKind, OutboxJobStatus } from '../outbox/outbox-job';

/** Never check for a new period less often than this, however long the interval. */
const MAX_TICK_MS = 60_000;

/** The outbox cycle id of a reconcile period: every replica computes the same one. */
export function reconcileCycleId(periodIndex: number): string {
  return `reconcile:${periodIndex}`;
}

/**
 * Every SNAPSHOT_RECONCILE_INTERVAL_MS (a "period"), queues a `snapshot_reconcile` job for every
 * known instance that is not logged out and not refused by WSAPI, each due at a random moment
 * within the next interval so a thousand instances do not hit WSAPI in the same second; the
 * dispatcher runs at most SNAPSHOT_MAX_CONCURRENCY snapshots at once. Replicas agree without
 * talking: the job's cycle id is `reconcile:<period>` and the insert is ON CONFLICT DO NOTHING.
 * With WSAPI_ACCOUNT_API_KEY it first discovers instances the account has but `instances` lacks.
 *
 * Repairs what WSAPI never re-sends (it documents no webhook retry): a lost contact or chat event.
 */
@Injectable()
export class SnapshotReconciler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SnapshotReconciler.name);
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;
  private scheduledPeriod: number | undefined;
  private stopped = false;

  constructor(
    private readonly config: AppConfig,
    private readonly discovery: InstanceDiscovery,
    private readonly sql: SqlExecutor,
  ) {}

  /** Beside the outbox dispatcher (consumer processes only), when delivery is on. */
  get enabled(): boolean {
    return this.config.OUTBOX_DISPATCHER_ENABLED;
  }

  onApplicationBootstrap(): void {
    if (!this.enabled) return;
    const interval = this.config.SNAPSHOT_RECONCILE_INTERVAL_MS;
    if (interval === 0) {
      // Reconcile off: discovery (with an account key) still runs once, at start.
      if (this.discovery.enabled) this.round = this.discover();
      return;
    }
    this.startRound();
    this.timer = setInterval(() => this.startRound(), Math.min(MAX_TICK_MS, Math.max(100, Math.floor(interval / 4))));
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.round;
  }

  /** One round at a time: a slow discovery or database delays the next check, it does not pile up. */
  private startRound(): void {
    if (this.round || this.stopped) return;
    this.round = this.runRound().finally(() => {
      this.round = undefined;
    });
  }

  /** At start and when a new period begins: discover (with an account key), then queue the period's snapshots. */
  private async runRound(): Promise<void> {
    const interval = this.config.SNAPSHOT_RECONCILE_INTERVAL_MS;
    const period = Math.floor(Date.now() / interval);
    if (period === this.scheduledPeriod) return;
    if (this.discovery.enabled) await this.discover();
    try {
      await this.schedule(period, interval);
      this.scheduledPeriod = period;
    } catch (error) {
      this.logger.warn(`snapshot reconcile of period ${period} not scheduled yet, trying again: ${(error as Error).message}`);
    }
  }

  /** A failed listing only waits for the next round: the known instances are reconciled anyway. */
  private async discover(): Promise<void> {
    try {
      await this.discovery.discover();
    } catch (error) {
      this.logger.warn(`instance discovery through the account API failed: ${(error as Error).message}`);
    }
  }

  private async schedule(period: number, interval: number): Promise<void> {
    const prefix = this.config.KAFKA_TOPIC_PREFIX;
    const cycleId = reconcileCycleId(period);
    // Jobs of an earlier period still waiting would only snapshot the instance twice in a row.
    await this.sql.query(
      `UPDATE sync_outbox SET status = $4, last_error = 'superseded: a newer reconcile period', finished_at = now(), updated_at = now()
       WHERE topic_prefix = $1 AND kind = $2 AND cycle_id <> $3 AND status = $5 AND lease_token IS NULL`,
      [prefix, OutboxJobKind.SnapshotReconcile, cycleId, OutboxJobStatus.Superseded, OutboxJobStatus.Pending],
    );
    const queued = await this.sql.query<{ id: string }>(
      `INSERT INTO sync_outbox (topic_prefix, instance_id, cycle_id, kind, triggered_at, due_at, deadline_at)
       SELECT $1, j.instance_id, $2, $3, now(), j.due_at, j.due_at + $5 * interval '1 millisecond'
       FROM (SELECT instance_id, now() + floor(random() * $4) * interval '1 millisecond' AS due_at
             FROM instances WHERE logged_out_at IS NULL AND NOT snapshot_blocked) j
       ON CONFLICT (topic_prefix, instance_id, cycle_id, kind) DO NOTHING
       RETURNING id`,
      [prefix, cycleId, OutboxJobKind.SnapshotReconcile, interval, this.config.SNAPSHOT_RETRY_WINDOW_MS],
    );
    if (queued.length > 0) this.logger.log(`reconcile period ${period}: ${queued.length} snapshot(s) queued, spread over ${interval} ms`);
  }
}
