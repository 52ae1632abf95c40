import { Injectable } from '@nestjs/common';
import { SnapshotService } from '../../snapshots/snapshot.service';
import { ServiceEventType, SnapshotOutcome, SnapshotOutcomeEventDto, SnapshotTrigger } from '../../wsapi/payloads/service-events.dto';
import { WsapiRequestError } from '../../wsapi/wsapi-client';
import { OutboxJob, OutboxJobKind, OutboxJobStatus } from '../../outbox/outbox-job';
import { OutboxJobError, OutboxJobErrorCode } from '../outbox-job.error';
import { failedResult, JobResult, OutboxJobHandler, OutcomeEvent } from './job-handler';

const TRIGGER_OF_KIND: Partial<Record<OutboxJobKind, SnapshotTrigger>> = {
  [OutboxJobKind.Snapshot]: SnapshotTrigger.Cycle,
  [OutboxJobKind.SnapshotFallback]: SnapshotTrigger.Cycle,
  [OutboxJobKind.SnapshotBootstrap]: SnapshotTrigger.Bootstrap,
  [OutboxJobKind.SnapshotReconcile]: SnapshotTrigger.Reconcile,
};

/**
 * Takes an instance's contacts/chats/groups snapshot. Its data travels as snapshot events on
 * `<prefix>.snapshots`; how the attempt ended goes out as `snapshot_outcome`, so `instances`
 * records a refusal (401/404) from the log and the reconciler stops asking.
 */
@Injectable()
export class SnapshotJob implements OutboxJobHandler {
  readonly kinds = Object.keys(TRIGGER_OF_KIND) as OutboxJobKind[];

  constructor(private readonly snapshots: SnapshotService) {}

  async perform(job: OutboxJob): Promise<JobResult> {
    try {
      await this.snapshots.takeSnapshot(job.instanceId, triggerOf(job));
      return { status: OutboxJobStatus.Done, outcome: snapshotOutcome(job, SnapshotOutcome.Taken) };
    } catch (error) {
      if (error instanceof WsapiRequestError && !error.retryable) {
        const rejected = new OutboxJobError(OutboxJobErrorCode.Rejected, error.message);
        return failedResult(rejected, snapshotOutcome(job, SnapshotOutcome.Rejected, rejected.message, error.status));
      }
      throw error;
    }
  }

  failed(job: OutboxJob, error: OutboxJobError): JobResult {
    return failedResult(error, snapshotOutcome(job, SnapshotOutcome.Failed, error.message));
  }
}

function triggerOf(job: OutboxJob): SnapshotTrigger {
  return TRIGGER_OF_KIND[job.kind] ?? SnapshotTrigger.Cycle;
}

export function snapshotOutcomeEvent(trigger: SnapshotTrigger, outcome: SnapshotOutcome, error?: string, status?: number): OutcomeEvent {
  const eventData: SnapshotOutcomeEventDto = { trigger, outcome, status: status ?? null, error: error ?? null };
  return { eventType: ServiceEventType.SnapshotOutcome, eventData };
}

function snapshotOutcome(job: OutboxJob, outcome: SnapshotOutcome, error?: string, status?: number): OutcomeEvent {
  return snapshotOutcomeEvent(triggerOf(job), outcome, error, status);
}
