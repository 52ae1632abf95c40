import { Module } from '@nestjs/common';
import { BackfillWorkerModule } from '../backfill/backfill-worker.module';
import { OutboxWorkersModule } from '../history-flush/outbox-workers.module';
import { ProjectionConsumersModule } from '../projections/projection-consumers.module';

/**
 * The consumers process kind: the projection engine (a microservice transport, connected by
 * createApp, that owns the consumer groups) and the workers that act on what projections decided
 * (the outbox dispatcher, the snapshot reconciler) and the backfill walker. Background workers
 * of consumer processes belong here.
 */
@Module({
  imports: [ProjectionConsumersModule, OutboxWorkersModule, BackfillWorkerModule],
})
export class ConsumersRootModule {}
