import { Injectable, Logger } from '@nestjs/common';
import { SqlExecutor } from '../database/sql-executor';
import { FLUSH_HISTORY_PATH, flushOutcomeEvent } from '../history-flush/jobs/flush-history.job';
import { OutcomeEvent } from '../history-flush/jobs/job-handler';
import { snapshotOutcomeEvent } from '../history-flush/jobs/snapshot.job';
import { OutboxRepository } from '../outbox/outbox.repository';
import { MetricsService } from '../metrics/metrics.service';
import { HistorySyncResolver } from '../instance-settings/history-sync.resolver';
import { InstanceSettingsRow, InstanceSettingsStore } from '../instance-settings/instance-settings.store';
import { EventPublisher } from '../kafka/event-publisher';
import { PublishFailedError } from '../kafka/publish-errors';
import { serviceEvent } from '../kafka/service-event';
import { readInstance } from '../projections/sync-state/instances.store';
import { SnapshotResult, SnapshotService } from '../snapshots/snapshot.service';
import { EventCategory } from '../wsapi/event-types';
import { FlushOutcome, HistorySyncSettingDto, ServiceEventType, SnapshotOutcome, SnapshotTrigger } from '../wsapi/payloads/service-events.dto';
import { SigningSecrets } from '../wsapi/signing-secrets';
import { WsapiClient, WsapiRequestError } from '../wsapi/wsapi-client';
import { AdminErrorCode, AdminException } from './admin.exception';
import { UpdateInstanceSettingsDto } from './update-settings.dto';

export interface SettingsView {
  historySync: boolean | null;
  hasSigningSecret: boolean;
  updatedAt: Date;
}

export interface UpdatedSettings {
  instanceId: string;
  settings: SettingsView;
  /** The HistorySync setting now in effect, or null when WSAPI's own setting applies (account key configured). */
  effectiveHistorySync: HistorySyncSettingDto | null;
}

/** What the admin endpoints do; secrets never leave it (only whether one is set). */
@Injectable()
export class AdminService {
  private readonly logger = new Logger(AdminService.name);

  constructor(
    private readonly sql: SqlExecutor,
    private readonly store: InstanceSettingsStore,
    private readonly resolver: HistorySyncResolver,
    private readonly secrets: SigningSecrets,
    private readonly publisher: EventPublisher,
    private readonly outbox: OutboxRepository,
    private readonly snapshots: SnapshotService,
    private readonly wsapi: WsapiClient,
    private readonly metrics: MetricsService,
  ) {}

  async updateSettings(instanceId: string, change: UpdateInstanceSettingsDto): Promise<UpdatedSettings> {
    if (change.historySync === undefined && change.signingSecret === undefined) {
      throw new AdminException(AdminErrorCode.EmptyChange, 'give historySync and/or signingSecret');
    }
    const row = await this.store.update(instanceId, change);
    if (change.signingSecret !== undefined) await this.secrets.refresh(); // this replica at once, others within seconds
    const effectiveHistorySync = change.historySync !== undefined ? await this.announceHistorySync(instanceId) : null;
    this.logger.log(`settings of ${instanceId} changed: ${Object.keys(change).join(', ')}`);
    return { instanceId, settings: settingsView(row), effectiveHistorySync };
  }

  async describe(instanceId: string) {
    const [instance, settings, jobs] = await Promise.all([
      readInstance(this.sql, instanceId),
      this.store.get(instanceId),
      this.outbox.listForInstance(instanceId),
    ]);
    if (!instance && !settings && jobs.length === 0) throw new AdminException(AdminErrorCode.NotFound, `nothing is known about instance ${instanceId}`);
    return { instanceId, instance: instance ?? null, settings: settings ? settingsView(settings) : null, jobs };
  }

  /** Also publishes the snapshot_outcome, so a snapshot that works lifts a recorded 401/404. */
  async takeSnapshot(instanceId: string): Promise<SnapshotResult> {
    try {
      const result = await this.snapshots.takeSnapshot(instanceId, SnapshotTrigger.Admin);
      await this.publishOutcome(instanceId, snapshotOutcomeEvent(SnapshotTrigger.Admin, SnapshotOutcome.Taken));
      return result;
    } catch (error) {
      if (error instanceof WsapiRequestError && !error.retryable) {
        await this.publishOutcome(instanceId, snapshotOutcomeEvent(SnapshotTrigger.Admin, SnapshotOutcome.Rejected, error.message, error.status)).catch(() => undefined);
      }
      throw asAdminFailure(error);
    }
  }

  /**
   * One flush-history call for the current cycle, regardless of HistorySync and the window (the
   * operator knows better, e.g. a cycle skipped as late while WSAPI may still hold the history).
   */
  async forceFlush(instanceId: string) {
    const instance = await readInstance(this.sql, instanceId);
    if (!instance?.cycle_id) throw new AdminException(AdminErrorCode.NoCycle, `no sync cycle is known for instance ${instanceId}`);
    const cycleId = instance.cycle_id;
    const calledAt = new Date().toISOString();
    try {
      await this.wsapi.post(FLUSH_HISTORY_PATH, instanceId);
      this.metrics.flushCalls.inc({ outcome: FlushOutcome.Accepted });
    } catch (error) {
      const refused = error instanceof WsapiRequestError && !error.retryable;
      this.metrics.flushCalls.inc({ outcome: refused ? 'rejected' : 'retryable' });
      if (refused) await this.publishOutcome(instanceId, flushOutcomeEvent(cycleId, FlushOutcome.Failed, calledAt, `REJECTED: ${error.message}`)).catch(() => undefined);
      throw asAdminFailure(error);
    }
    this.logger.log(`flush-history forced by an admin for ${instanceId} (cycle ${cycleId})`);
    await this.publishOutcome(instanceId, flushOutcomeEvent(cycleId, FlushOutcome.Accepted, calledAt));
    return { instanceId, cycleId, outcome: FlushOutcome.Accepted, calledAt };
  }

  private async publishOutcome(instanceId: string, outcome: OutcomeEvent): Promise<void> {
    try {
      await this.publisher.publish(serviceEvent(instanceId, outcome.eventType, outcome.eventData, EventCategory.Session));
    } catch (error) {
      throw asAdminFailure(error);
    }
  }

  /**
   * Publishes the admin-set value as the instance's effective setting, so `instances` shows it.
   * With an account key WSAPI's own setting wins (read at each cycle start) and nothing is published.
   */
  private async announceHistorySync(instanceId: string): Promise<HistorySyncSettingDto | null> {
    if (this.resolver.readsFromWsapi) return null;
    const setting = await this.resolver.local(instanceId);
    try {
      await this.publisher.publish(serviceEvent(instanceId, ServiceEventType.InstanceSettings, setting, EventCategory.Session));
    } catch (error) {
      throw asAdminFailure(error);
    }
    return setting;
  }
}

function settingsView(row: InstanceSettingsRow): SettingsView {
  return { historySync: row.history_sync, hasSigningSecret: row.signing_secret !== null, updatedAt: row.updated_at };
}

function asAdminFailure(error: unknown): unknown {
  if (error instanceof WsapiRequestError) return new AdminException(AdminErrorCode.WsapiFailed, error.message);
  if (error instanceof PublishFailedError) return new AdminException(AdminErrorCode.KafkaUnavailable, `saved, but not announced on Kafka; retry: ${error.message}`);
  return error;
}
