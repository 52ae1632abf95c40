import { Module } from '@nestjs/common';
import { ReplayModule } from './replay.module';
import { ReplayJobs } from './replay-jobs.service';

/**
 * The rebuilds this process runs in the background (POST /admin/replay). Its own module so the
 * admin endpoint and the backfill worker (which asks nothing of WSAPI while one runs) share one.
 */
@Module({
  imports: [ReplayModule],
  providers: [ReplayJobs],
  exports: [ReplayJobs],
})
export class ReplayJobsModule {}
