import { Module } from '@nestjs/common';
import { AdminTokenGuard } from '../admin/admin-token.guard';
import { ProjectionsModule } from '../projections/projections.module';
import { ReplayJobs } from './replay-jobs.service';
import { ReplayController } from './replay.controller';
import { ReplayService } from './replay.service';

@Module({
  imports: [ProjectionsModule],
  controllers: [ReplayController],
  providers: [ReplayService, ReplayJobs, AdminTokenGuard],
  exports: [ReplayService, ReplayJobs],
})
export class ReplayModule {}
