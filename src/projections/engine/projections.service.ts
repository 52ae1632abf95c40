import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { BatchApplier } from './batch-applier';
import { PROJECTIONS, Projection } from './projection';
import { ProjectionRunner } from './projection-runner';

export function liveGroupId(prefix: string, projection: string): string {
  return `${prefix}.projection.${projection}`;
}

/** Starts one consumer group per registered projection when this process runs consumers. */
@Injectable()
export class ProjectionsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ProjectionsService.name);
  private readonly runners: ProjectionRunner[] = [];

  constructor(
    @Inject(PROJECTIONS) private readonly projections: Projection[],
    @Inject(Kafka) private readonly kafka: Kafka,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly applier: BatchApplier,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.ROLE === 'ingress') return;
    for (const projection of this.projections) {
      const runner = new ProjectionRunner(projection, this.kafka, this.dataSource, this.applier, {
        topicPrefix: this.config.KAFKA_TOPIC_PREFIX,
        groupId: liveGroupId(this.config.KAFKA_TOPIC_PREFIX, projection.name),
        replaying: false,
      });
      await runner.start();
      this.runners.push(runner);
    }
    this.logger.log(`running projections: ${this.runners.map((runner) => runner.name).join(', ')}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.runners.splice(0).map((runner) => runner.stop()));
  }
}
