import { Module } from '@nestjs/common';
import { AdminTokenGuard } from '../admin/admin-token.guard';
import { ReplayJobs } from './replay-jobs.service';
import { ReplayController } from './replay.controller';
import { ReplayModule } from './replay.module';

/** POST /admin/replay: rebuilds started over HTTP, run in the background of an ingress process. */
@Module({
  imports: [ReplayModule],
  controllers: [ReplayController],
  providers: [ReplayJobs, AdminTokenGuard],
})
export class ReplayApiModule {}
