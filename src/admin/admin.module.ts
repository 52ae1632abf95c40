import { Module } from '@nestjs/common';
import { IngressModule } from '../ingress/ingress.module';
import { InstanceSettingsModule } from '../instance-settings/instance-settings.module';
import { OutboxModule } from '../outbox/outbox.module';
import { SnapshotsModule } from '../snapshots/snapshots.module';
import { AdminController } from './admin.controller';
import { AdminTokenGuard } from './admin-token.guard';
import { AdminService } from './admin.service';

@Module({
  imports: [InstanceSettingsModule, IngressModule, OutboxModule, SnapshotsModule],
  controllers: [AdminController],
  providers: [AdminService, AdminTokenGuard],
})
export class AdminModule {}
