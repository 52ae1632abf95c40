import { Module } from '@nestjs/common';
import { BatchApplier } from './engine/batch-applier';
import { DeadLetters } from './engine/dead-letters';
import { PROJECTIONS } from './engine/projection';
import { ProjectionsService } from './engine/projections.service';
import { ProjectionsController } from './projections.controller';
import { PROJECTION_CLASSES } from './registry';

@Module({
  controllers: [ProjectionsController],
  providers: [
    ...PROJECTION_CLASSES,
    { provide: PROJECTIONS, inject: PROJECTION_CLASSES, useFactory: (...projections: unknown[]) => projections },
    BatchApplier,
    DeadLetters,
    ProjectionsService,
  ],
  exports: [PROJECTIONS, BatchApplier, ProjectionsService],
})
export class ProjectionsModule {}
