import { Module } from '@nestjs/common';
import { ProjectionsModule } from '../projections/projections.module';
import { ReplayService } from './replay.service';

@Module({
  imports: [ProjectionsModule],
  providers: [ReplayService],
  exports: [ReplayService],
})
export class ReplayModule {}
