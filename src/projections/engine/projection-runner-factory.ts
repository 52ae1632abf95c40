import { Inject, Injectable } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { SqlExecutor } from '../../database/sql-executor';
import { BatchApplier } from './batch-applier';
import { Projection } from './projection';
import { ProjectionRunner, RunnerOptions } from './projection-runner';

/** Builds runners on the process's Kafka client, SQL executor and applier. */
@Injectable()
export class ProjectionRunnerFactory {
  constructor(
    @Inject(Kafka) private readonly kafka: Kafka,
    private readonly sql: SqlExecutor,
    private readonly applier: BatchApplier,
  ) {}

  create(projection: Projection, options: RunnerOptions): ProjectionRunner {
    return new ProjectionRunner(projection, this.kafka, this.sql, this.applier, options);
  }
}
