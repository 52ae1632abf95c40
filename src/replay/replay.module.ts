import { Module } from '@nestjs/common';
import { ProjectionsModule } from '../projections/projections.module';
import { ReplayService } from './replay.service';

/** Rebuilding read models from the topics: what the replay CLI and the admin endpoint share. */
@Module({
  imports: [ProjectionsModule],
  providers: [ReplayService],
  exports: [ReplayService],
})
export class ReplayModule {}
