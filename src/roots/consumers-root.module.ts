import { Module } from '@nestjs/common';
import { OutboxWorkersModule } from '../history-flush/outbox-workers.module';
import { ProjectionConsumersModule } from '../projections/projection-consumers.module';

/**
 * The consumers process kind: the projection engine (a microservice transport, connected by
 * createApp, that owns the consumer groups) and the workers that act on what projections decided
 * (the outbox dispatcher and the snapshot reconciler). Background workers of consumer processes
 * belong here.
 */
@Module({
  imports: [ProjectionConsumersModule, OutboxWorkersModule],
})
export class ConsumersRootModule {}
