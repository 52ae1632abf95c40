import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { EventPublisher } from '../kafka/event-publisher';
import { PublishFailedError } from '../kafka/publish-errors';
import { serviceEvent, storedServiceEvent } from '../kafka/service-event';
import { isTransientError } from '../database/transient-errors';
import { EventCategory } from '../wsapi/event-types';
import { WsapiRequestError } from '../wsapi/wsapi-client';
import { nextAttemptAt } from './backoff';
import { failedResult, JOB_HANDLERS, JobResult, OutboxJobHandler } from './jobs/job-handler';
import { OutboxJob, OutboxJobKind, OutboxJobStatus, SNAPSHOT_KINDS } from '../outbox/outbox-job';
import { supersededReason } from '../outbox/superseded';
import { OutboxJobError, OutboxJobErrorCode } from './outbox-job.error';
import { OutboxRepository } from '../outbox/outbox.repository';

const CLAIM_LIMIT = 20;
const MAX_PAUSE_MS = 10_000;
const OTHER_KINDS = Object.values(OutboxJobKind).filter((kind) => !SNAPSHOT_KINDS.includes(kind));

/**
 * Delivers the decisions the sync-state projection wrote to the outbox: claims due jobs, runs
 * them, records the result, then publishes the outcome event to `<prefix>.session` (from the
 * stored bytes, so a re-publish after a crash is the same event). The projection, not this
 * worker, turns outcomes into `instances` state — which is why a rebuild never needs WSAPI.
 *
 * Exists only in consumer processes (the consumers root), and polls when OUTBOX_DISPATCHER_ENABLED is on.
 */
@Injectable()
export class OutboxDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxDispatcher.name);
  private readonly handlers: ReadonlyMap<OutboxJobKind, OutboxJobHandler>;
  private timer: NodeJS.Timeout | undefined;
  private tick: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly config: AppConfig,
    private readonly outbox: OutboxRepository,
    private readonly publisher: EventPublisher,
    @Inject(JOB_HANDLERS) handlers: OutboxJobHandler[],
  ) {
    this.handlers = new Map(handlers.flatMap((handler) => handler.kinds.map((kind) => [kind, handler] as const)));
  }

  get enabled(): boolean {
    return this.config.OUTBOX_DISPATCHER_ENABLED;
  }

  onApplicationBootstrap(): void {
    if (!this.enabled) return;
    this.scheduleNextTick();
    this.logger.log(`outbox dispatcher polling every ${this.config.OUTBOX_POLL_MS} ms`);
  }

  /** Before the database and Kafka close: no new tick, and the one in progress finishes. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.tick;
  }

  /**
   * One pass: due jobs, then outcomes whose publication was interrupted. Snapshots are claimed at
   * most SNAPSHOT_MAX_CONCURRENCY at a time and the next pass starts when this one has finished,
   * so no process runs more snapshots against WSAPI at once, however many reconciles come due.
   */
  async runOnce(): Promise<void> {
    const prefix = this.config.KAFKA_TOPIC_PREFIX;
    const [others, snapshots] = await Promise.all([
      this.outbox.claimDue(prefix, CLAIM_LIMIT, OTHER_KINDS),
      this.outbox.claimDue(prefix, this.config.SNAPSHOT_MAX_CONCURRENCY, SNAPSHOT_KINDS),
    ]);
    await Promise.all([...others, ...snapshots].map((job) => this.run(job)));
    for (const leftover of await this.outbox.unpublished(this.config.KAFKA_TOPIC_PREFIX, CLAIM_LIMIT)) {
      await this.publish(leftover.id, leftover.outcomeEvent);
    }
  }

  /** Polls every OUTBOX_POLL_MS; while passes fail (database down) the pause doubles up to MAX_PAUSE_MS. */
  private scheduleNextTick(failuresInARow = 0): void {
    if (this.stopped) return;
    const pause = Math.min(MAX_PAUSE_MS, this.config.OUTBOX_POLL_MS * 2 ** failuresInARow);
    this.timer = setTimeout(() => {
      let failed = false;
      this.tick = this.runOnce()
        .catch((error) => {
          failed = true;
          this.logger.warn(`outbox pass failed, trying again: ${(error as Error).message}`);
        })
        .finally(() => {
          this.tick = undefined;
          this.scheduleNextTick(failed ? failuresInARow + 1 : 0);
        });
    }, pause);
  }

  private async run(job: OutboxJob): Promise<void> {
    const superseded = supersededReason(job, await this.outbox.instanceState(job.instanceId));
    if (superseded) {
      await this.outbox.complete(job, { status: OutboxJobStatus.Superseded, error: `superseded: ${superseded}` });
      this.logger.log(`${job.kind} for ${job.instanceId} (cycle ${job.cycleId}) dropped: ${superseded}`);
      return;
    }
    const result = await this.attempt(job);
    if (!result) return; // rescheduled
    const outcomeEvent = result.outcome
      ? serviceEvent(job.instanceId, result.outcome.eventType, result.outcome.eventData, EventCategory.Session).raw.toString('utf8')
      : undefined;
    const recorded = await this.outbox.complete(job, { status: result.status, error: result.error, outcomeEvent });
    if (!recorded) {
      this.logger.log(`${job.kind} for ${job.instanceId} was cancelled or re-leased while running; its result is dropped`);
      return;
    }
    if (result.error) {
      // A window that passed before the first attempt is usually an old cycle seen again (first deployment, group reset).
      const skipped = result.status === OutboxJobStatus.Skipped;
      const level = skipped || result.errorCode === OutboxJobErrorCode.WindowPassed ? 'warn' : 'error';
      this.logger[level](`${job.kind} for ${job.instanceId} (cycle ${job.cycleId}) ${skipped ? 'skipped' : `failed after ${job.attempts} attempt(s)`}: ${result.error}`);
    }
    if (outcomeEvent) await this.publish(job.id, outcomeEvent);
  }

  private async attempt(job: OutboxJob): Promise<JobResult | undefined> {
    const handler = this.handlers.get(job.kind);
    if (!handler) {
      return failedResult(new OutboxJobError(OutboxJobErrorCode.Unexpected, `no handler for job kind ${job.kind}`));
    }
    const lateByMs = Date.now() - job.deadlineAt.getTime();
    if (lateByMs >= 0) {
      if (job.attempts === 1 && handler.late) return handler.late(job, lateByMs);
      return handler.failed(job, new OutboxJobError(OutboxJobErrorCode.WindowPassed, `the window ended at ${job.deadlineAt.toISOString()} before the job could run`));
    }
    try {
      return await handler.perform(job);
    } catch (error) {
      const reason = (error as Error).message ?? String(error);
      if (!isRetryable(error)) return handler.failed(job, new OutboxJobError(OutboxJobErrorCode.Unexpected, reason));
      const next = nextAttemptAt(job.attempts, Date.now(), job.deadlineAt.getTime(), {
        baseMs: this.config.OUTBOX_RETRY_BASE_MS,
        maxMs: this.config.OUTBOX_RETRY_MAX_MS,
      });
      if (next === undefined) {
        return handler.failed(job, new OutboxJobError(OutboxJobErrorCode.RetriesExhausted, `gave up after ${job.attempts} attempt(s) within the window: ${reason}`));
      }
      this.logger.warn(`${job.kind} for ${job.instanceId} failed (attempt ${job.attempts}), retrying at ${new Date(next).toISOString()}: ${reason}`);
      await this.outbox.reschedule(job, new Date(next), reason);
      return undefined;
    }
  }

  /** A failure here is not lost: the row stays unpublished and the next passes re-publish it. */
  private async publish(id: string, outcomeEvent: string): Promise<void> {
    try {
      await this.publisher.publish(storedServiceEvent(outcomeEvent, EventCategory.Session));
      await this.outbox.markPublished(id);
    } catch (error) {
      this.logger.warn(`outcome of outbox job ${id} not published yet, will retry: ${(error as Error).message}`);
    }
  }
}

function isRetryable(error: unknown): boolean {
  if (error instanceof WsapiRequestError) return error.retryable;
  return error instanceof PublishFailedError || isTransientError(error);
}
