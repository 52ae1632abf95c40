import { Module } from '@nestjs/common';
import { BatchApplier } from './engine/batch-applier';
import { DeadLetters } from './engine/dead-letters';
import { PROJECTIONS } from './engine/projection';
import { ProjectionsService } from './engine/projections.service';
import { PROJECTION_CLASSES } from './registry';

@Module({
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
