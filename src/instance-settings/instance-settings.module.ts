import { Module } from '@nestjs/common';
import { SnapshotsModule } from '../snapshots/snapshots.module';
import { ADMIN_SIGNING_SECRETS } from '../wsapi/signing-secrets';
import { HistorySyncResolver } from './history-sync.resolver';
import { InstanceDiscovery } from './instance-discovery';
import { InstanceSettingsStore } from './instance-settings.store';

/** Per-instance settings: the admin-managed table and the effective HistorySync resolution. */
@Module({
  imports: [SnapshotsModule], // for WsapiClient
  providers: [InstanceSettingsStore, HistorySyncResolver, InstanceDiscovery, { provide: ADMIN_SIGNING_SECRETS, useExisting: InstanceSettingsStore }],
  exports: [InstanceSettingsStore, HistorySyncResolver, InstanceDiscovery, ADMIN_SIGNING_SECRETS],
})
export class InstanceSettingsModule {}
