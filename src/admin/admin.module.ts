import { Module } from '@nestjs/common';
import { HistoryFlushModule } from '../history-flush/history-flush.module';
import { IngressModule } from '../ingress/ingress.module';
import { InstanceSettingsModule } from '../instance-settings/instance-settings.module';
import { SnapshotsModule } from '../snapshots/snapshots.module';
import { AdminController } from './admin.controller';
import { AdminTokenGuard } from './admin-token.guard';
import { AdminService } from './admin.service';

@Module({
  imports: [InstanceSettingsModule, IngressModule, HistoryFlushModule, SnapshotsModule],
  controllers: [AdminController],
  providers: [AdminService, AdminTokenGuard],
})
export class AdminModule {}
