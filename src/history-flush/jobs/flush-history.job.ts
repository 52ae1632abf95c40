import { Injectable, Logger } from '@nestjs/common';
import { HistorySyncResolver } from '../../instance-settings/history-sync.resolver';
import { MetricsService } from '../../metrics/metrics.service';
import { FlushOutcome, HistoryFlushOutcomeEventDto, HistorySyncSettingDto, ServiceEventType } from '../../wsapi/payloads/service-events.dto';
import { WsapiClient, WsapiRequestError } from '../../wsapi/wsapi-client';
import { OutboxJob, OutboxJobKind, OutboxJobStatus } from '../../outbox/outbox-job';
import { OutboxJobError, OutboxJobErrorCode } from '../outbox-job.error';
import { failedResult, JobResult, OutboxJobHandler, OutcomeEvent } from './job-handler';

export const FLUSH_HISTORY_PATH = '/session/flush-history';

/**
 * A sync cycle's flush-history decision (shared/wsapi/README.md §4.2): resolves the effective
 * HistorySync setting now, then calls POST /session/flush-history (X-Api-Key, X-Instance-Id, no
 * body) only when it is on. 2xx → accepted; 400/401/409 and other refusals → failed at once;
 * 5xx, 429 and network errors are thrown, so the dispatcher retries them within the window.
 */
@Injectable()
export class FlushHistoryJob implements OutboxJobHandler {
  readonly kinds = [OutboxJobKind.FlushHistory];
  private readonly logger = new Logger(FlushHistoryJob.name);

  constructor(
    private readonly resolver: HistorySyncResolver,
    private readonly wsapi: WsapiClient,
    private readonly metrics: MetricsService,
  ) {}

  async perform(job: OutboxJob): Promise<JobResult> {
    const setting = await this.resolver.resolve(job.instanceId);
    if (!setting.historySync) {
      return { status: OutboxJobStatus.Done, outcome: outcomeEvent(job, FlushOutcome.NotNeeded, { attempts: 0, setting }) };
    }
    const calledAt = new Date().toISOString();
    try {
      await this.wsapi.post(FLUSH_HISTORY_PATH, job.instanceId);
      this.metrics.flushCalls.inc({ outcome: FlushOutcome.Accepted });
    } catch (error) {
      const final = error instanceof WsapiRequestError && !error.retryable;
      this.metrics.flushCalls.inc({ outcome: final ? 'rejected' : 'retryable' });
      if (!final) throw error;
      const rejected = new OutboxJobError(OutboxJobErrorCode.Rejected, error.message);
      return failedResult(rejected, outcomeEvent(job, FlushOutcome.Failed, { calledAt, error: rejected.message, setting }));
    }
    this.logger.log(`flush-history accepted for ${job.instanceId} (cycle ${job.cycleId}, attempt ${job.attempts})`);
    return { status: OutboxJobStatus.Done, outcome: outcomeEvent(job, FlushOutcome.Accepted, { calledAt, setting }) };
  }

  failed(job: OutboxJob, error: OutboxJobError): JobResult {
    return failedResult(error, outcomeEvent(job, FlushOutcome.Failed, { error: error.message }));
  }

  /**
   * The cycle was projected after WSAPI's cache window (consumers behind, a deploy, an old log):
   * a call could only get an empty 202, so none is made. POST /admin/instances/:id/flush-history forces one.
   */
  late(job: OutboxJob, lateByMs: number): JobResult {
    const sinceFinished = Date.now() - job.triggeredAt.getTime();
    const error = `late: initial_sync_finished was ${formatDuration(sinceFinished)} ago, ${formatDuration(lateByMs)} past the flush window (FLUSH_RETRY_WINDOW_MS); no call made`;
    return { status: OutboxJobStatus.Skipped, error, outcome: outcomeEvent(job, FlushOutcome.Skipped, { attempts: 0, error }) };
  }
}

/** 3h 2m 5s, 12m 0s, 40s: enough to read how late a cycle was. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const [h, m, s] = [Math.floor(seconds / 3600), Math.floor((seconds % 3600) / 60), seconds % 60];
  if (h > 0) return `${h}h ${m}m ${s}s`;
  return m > 0 ? `${m}m ${s}s` : `${s}s`;
}

function outcomeEvent(
  job: OutboxJob,
  outcome: FlushOutcome,
  details: { attempts?: number; calledAt?: string; error?: string; setting?: HistorySyncSettingDto },
): OutcomeEvent {
  return flushOutcomeEvent(job.cycleId, outcome, details.calledAt, details.error, details.attempts ?? job.attempts, details.setting);
}

/** A cycle's `history_flush_outcome` (also for the admin's forced flush: one call, no setting consulted). */
export function flushOutcomeEvent(cycleId: string, outcome: FlushOutcome, calledAt?: string, error?: string, attempts = 1, setting?: HistorySyncSettingDto): OutcomeEvent {
  const eventData: HistoryFlushOutcomeEventDto = { cycleId, outcome, attempts, calledAt: calledAt ?? null, error: error ?? null, setting: setting ?? null };
  return { eventType: ServiceEventType.HistoryFlushOutcome, eventData };
}
