import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { BatchApplier } from './batch-applier';
import { Projection } from './projection';
import { ProjectionRunner, RunnerOptions } from './projection-runner';

/** Builds runners on the process's Kafka client, data source and applier. */
@Injectable()
export class ProjectionRunnerFactory {
  constructor(
    @Inject(Kafka) private readonly kafka: Kafka,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly applier: BatchApplier,
  ) {}

  create(projection: Projection, options: RunnerOptions): ProjectionRunner {
    return new ProjectionRunner(projection, this.kafka, this.dataSource, this.applier, options);
  }
}
