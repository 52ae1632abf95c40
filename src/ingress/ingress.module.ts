import { Module } from '@nestjs/common';
import { InstanceSettingsModule } from '../instance-settings/instance-settings.module';
import { SnapshotsModule } from '../snapshots/snapshots.module';
import { SigningSecrets } from '../wsapi/signing-secrets';
import { WebhookHttpHandler } from './webhook-http-handler';
import { WebhookIngressService } from './webhook-ingress.service';

@Module({
  imports: [SnapshotsModule, InstanceSettingsModule],
  providers: [WebhookIngressService, WebhookHttpHandler, SigningSecrets],
  exports: [WebhookIngressService, WebhookHttpHandler, SigningSecrets],
})
export class IngressModule {}
