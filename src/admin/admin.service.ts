import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OutboxRepository } from '../history-flush/outbox.repository';
import { HistorySyncResolver } from '../instance-settings/history-sync.resolver';
import { InstanceSettingsRow, InstanceSettingsStore } from '../instance-settings/instance-settings.store';
import { EventPublisher } from '../kafka/event-publisher';
import { PublishFailedError } from '../kafka/publish-errors';
import { serviceEvent } from '../kafka/service-event';
import { readInstance } from '../projections/sync-state/instances.store';
import { SnapshotResult, SnapshotService } from '../snapshots/snapshot.service';
import { EventCategory } from '../wsapi/event-types';
import { HistorySyncSettingDto, ServiceEventType } from '../wsapi/payloads/service-events.dto';
import { SigningSecrets } from '../wsapi/signing-secrets';
import { WsapiRequestError } from '../wsapi/wsapi-client';
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
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly store: InstanceSettingsStore,
    private readonly resolver: HistorySyncResolver,
    private readonly secrets: SigningSecrets,
    private readonly publisher: EventPublisher,
    private readonly outbox: OutboxRepository,
    private readonly snapshots: SnapshotService,
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
      readInstance({ query: (text, values) => this.dataSource.query(text, values) }, instanceId),
      this.store.get(instanceId),
      this.outbox.listForInstance(instanceId),
    ]);
    if (!instance && !settings && jobs.length === 0) throw new AdminException(AdminErrorCode.NotFound, `nothing is known about instance ${instanceId}`);
    return { instanceId, instance: instance ?? null, settings: settings ? settingsView(settings) : null, jobs };
  }

  async takeSnapshot(instanceId: string): Promise<SnapshotResult> {
    try {
      return await this.snapshots.takeSnapshot(instanceId);
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
