import { Module } from '@nestjs/common';
import { ProjectionRunnerFactory } from './engine/projection-runner-factory';
import { ProjectionTransport } from './engine/projection-transport';
import { ProjectionsModule } from './projections.module';

/** The live consumer groups, as the transport createApp connects: in the consumers root only. */
@Module({
  imports: [ProjectionsModule],
  providers: [ProjectionRunnerFactory, ProjectionTransport],
  exports: [ProjectionTransport],
})
export class ProjectionConsumersModule {}
