import { Injectable } from '@nestjs/common';
import { SnapshotService } from '../../snapshots/snapshot.service';
import { WsapiRequestError } from '../../wsapi/wsapi-client';
import { OutboxJob, OutboxJobKind, OutboxJobStatus } from '../outbox-job';
import { OutboxJobError, OutboxJobErrorCode } from '../outbox-job.error';
import { failedResult, JobResult, OutboxJobHandler } from './job-handler';

/**
 * Takes the contacts/chats/groups snapshot of a cycle. Its data travels as snapshot events on
 * `<prefix>.snapshots`, which is also how the sync-state projection learns it happened, so there
 * is no outcome event of its own.
 */
@Injectable()
export class SnapshotJob implements OutboxJobHandler {
  readonly kinds = [OutboxJobKind.Snapshot, OutboxJobKind.SnapshotFallback];

  constructor(private readonly snapshots: SnapshotService) {}

  async perform(job: OutboxJob): Promise<JobResult> {
    try {
      await this.snapshots.takeSnapshot(job.instanceId);
      return { status: OutboxJobStatus.Done };
    } catch (error) {
      if (error instanceof WsapiRequestError && !error.retryable) {
        return failedResult(new OutboxJobError(OutboxJobErrorCode.Rejected, error.message));
      }
      throw error;
    }
  }

  failed(_job: OutboxJob, error: OutboxJobError): JobResult {
    return failedResult(error);
  }
}
