import { Module } from '@nestjs/common';
import { SnapshotsModule } from '../../snapshots/snapshots.module';
import { IngressModule } from '../ingress.module';
import { SseIngressService } from './sse-ingress.service';

/** Pull mode (SSE_INSTANCES): only the ingress root imports it, so only ingress processes stream. */
@Module({
  imports: [IngressModule, SnapshotsModule],
  providers: [SseIngressService],
})
export class SseIngressModule {}
