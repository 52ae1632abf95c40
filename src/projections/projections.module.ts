import { Module } from '@nestjs/common';
import { BatchApplier } from './engine/batch-applier';
import { DeadLetters } from './engine/dead-letters';
import { PROJECTIONS } from './engine/projection';
import { ProjectionsService } from './engine/projections.service';
import { PROJECTION_CLASSES } from './registry';

/**
 * The registered projections and what applies their batches; starts nothing (the consumers root's
 * ProjectionTransport runs the live groups, replay runs rebuilds).
 */
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
