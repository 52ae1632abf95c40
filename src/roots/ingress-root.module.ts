import { Module } from '@nestjs/common';
import { AdminModule } from '../admin/admin.module';
import { BackfillApiModule } from '../backfill/backfill-api.module';
import { IngressModule } from '../ingress/ingress.module';
import { SseIngressModule } from '../ingress/sse/sse-ingress.module';
import { ReplayApiModule } from '../replay/replay-api.module';

/**
 * The ingress process kind: the webhook (served ahead of Express by createApp), SSE pull mode,
 * the admin API (settings, snapshots, flushes, rebuilds, backfills) and the API docs.
 */
@Module({
  imports: [IngressModule, SseIngressModule, AdminModule, ReplayApiModule, BackfillApiModule],
})
export class IngressRootModule {}
