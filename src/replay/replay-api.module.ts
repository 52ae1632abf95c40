import { Module } from '@nestjs/common';
import { AdminTokenGuard } from '../admin/admin-token.guard';
import { ReplayController } from './replay.controller';
import { ReplayJobsModule } from './replay-jobs.module';

/** POST /admin/replay: rebuilds started over HTTP, run in the background of an ingress process. */
@Module({
  imports: [ReplayJobsModule],
  controllers: [ReplayController],
  providers: [AdminTokenGuard],
})
export class ReplayApiModule {}
