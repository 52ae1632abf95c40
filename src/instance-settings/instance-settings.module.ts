import { Module } from '@nestjs/common';
import { SnapshotsModule } from '../snapshots/snapshots.module';
import { HistorySyncResolver } from './history-sync.resolver';
import { InstanceSettingsStore } from './instance-settings.store';

/** Per-instance settings: the admin-managed table and the effective HistorySync resolution. */
@Module({
  imports: [SnapshotsModule], // for WsapiClient
  providers: [InstanceSettingsStore, HistorySyncResolver],
  exports: [InstanceSettingsStore, HistorySyncResolver],
})
export class InstanceSettingsModule {}
