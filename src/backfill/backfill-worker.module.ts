import { Module } from '@nestjs/common';
import { ReplayJobsModule } from '../replay/replay-jobs.module';
import { SnapshotsModule } from '../snapshots/snapshots.module';
import { BackfillMetrics } from './backfill-metrics';
import { BackfillWorker } from './backfill-worker';
import { BackfillModule } from './backfill.module';
import { HistoryPagesProgress } from './history-pages-progress';

/** The worker that walks running backfills: consumer processes only (ConsumersRootModule). */
@Module({
  imports: [BackfillModule, SnapshotsModule, ReplayJobsModule], // WsapiClient; ReplayJobs (no requests during a rebuild)
  providers: [BackfillWorker, BackfillMetrics, HistoryPagesProgress],
})
export class BackfillWorkerModule {}
