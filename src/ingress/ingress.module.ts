import { Module } from '@nestjs/common';
import { SigningSecrets } from '../wsapi/signing-secrets';
import { WebhookController } from './webhook.controller';
import { WebhookIngressService } from './webhook-ingress.service';

@Module({
  controllers: [WebhookController],
  providers: [WebhookIngressService, SigningSecrets],
  exports: [WebhookIngressService, SigningSecrets],
})
export class IngressModule {}
