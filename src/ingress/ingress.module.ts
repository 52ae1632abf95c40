import { Module } from '@nestjs/common';
import { InstanceSettingsModule } from '../instance-settings/instance-settings.module';
import { SnapshotsModule } from '../snapshots/snapshots.module';
import { SigningSecrets } from '../wsapi/signing-secrets';
import { SseIngressService } from './sse/sse-ingress.service';
import { WebhookController } from './webhook.controller';
import { WebhookIngressService } from './webhook-ingress.service';

@Module({
  imports: [SnapshotsModule, InstanceSettingsModule],
  controllers: [WebhookController],
  providers: [WebhookIngressService, SigningSecrets, SseIngressService],
  exports: [WebhookIngressService, SigningSecrets],
})
export class IngressModule {}
