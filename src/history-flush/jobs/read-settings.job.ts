import { Injectable } from '@nestjs/common';
import { HistorySyncResolver } from '../../instance-settings/history-sync.resolver';
import { InstanceSettingsEventDto, ServiceEventType } from '../../wsapi/payloads/service-events.dto';
import { OutboxJob, OutboxJobKind, OutboxJobStatus } from '../../outbox/outbox-job';
import { OutboxJobError } from '../outbox-job.error';
import { failedResult, JobResult, OutboxJobHandler } from './job-handler';

/**
 * At the start of every cycle, resolves the instance's effective HistorySync — from WSAPI's account
 * API with an account-level key (with its event filters), else the admin setting or
 * HISTORY_SYNC_DEFAULT without any call — and publishes it as `instance_settings`, so `instances`
 * shows it at once, long before initial_sync_finished.
 */
@Injectable()
export class ReadSettingsJob implements OutboxJobHandler {
  readonly kinds = [OutboxJobKind.ReadSettings];

  constructor(private readonly resolver: HistorySyncResolver) {}

  async perform(job: OutboxJob): Promise<JobResult> {
    const eventData: InstanceSettingsEventDto = await this.resolver.resolve(job.instanceId);
    return { status: OutboxJobStatus.Done, outcome: { eventType: ServiceEventType.InstanceSettings, eventData } };
  }

  failed(_job: OutboxJob, error: OutboxJobError): JobResult {
    // The flush decision resolves the setting again, so nothing depends on this one.
    return failedResult(error);
  }
}
