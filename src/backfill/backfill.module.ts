import { Module } from '@nestjs/common';
import { AdminTokenGuard } from '../admin/admin-token.guard';
import { ReplayModule } from '../replay/replay.module';
import { SnapshotsModule } from '../snapshots/snapshots.module';
import { BackfillMetrics } from './backfill-metrics';
import { BackfillWorker } from './backfill-worker';
import { BackfillController } from './backfill.controller';
import { BackfillRepository } from './backfill.repository';
import { BackfillService } from './backfill.service';

/** Backfill of older messages: admin routes, durable walk state and the worker (gated in backfill-worker.ts). */
@Module({
  imports: [SnapshotsModule, ReplayModule], // WsapiClient; ReplayJobs (no requests during a rebuild)
  controllers: [BackfillController],
  providers: [BackfillService, BackfillRepository, BackfillWorker, BackfillMetrics, AdminTokenGuard],
  exports: [BackfillService],
})
export class BackfillModule {}
