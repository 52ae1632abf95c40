import { Module } from '@nestjs/common';
import { HealthModule } from '../health/health.module';
import { MetricsController } from '../metrics/metrics.controller';
import { ProjectionsController } from '../projections/projections.controller';
import { ProjectionsModule } from '../projections/projections.module';

/**
 * What every serving process answers, whatever its roots: /health, /metrics and /projections/lag
 * (lag is read from Kafka and the checkpoints, so an ingress-only process reports it too).
 */
@Module({
  imports: [HealthModule, ProjectionsModule],
  controllers: [MetricsController, ProjectionsController],
})
export class OperationsModule {}
