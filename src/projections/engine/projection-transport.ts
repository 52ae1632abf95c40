import { Inject, Injectable } from '@nestjs/common';
import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import { AppConfig } from '../../config/app-config';
import { MetricsService } from '../../metrics/metrics.service';
import { PROJECTIONS, Projection } from './projection';
import { ProjectionRunner } from './projection-runner';
import { ProjectionRunnerFactory } from './projection-runner-factory';
import { liveGroupId } from './projections.service';

export type ProjectionTransportStatus = 'listening' | 'closed';

/**
 * The consumer side as a Nest microservice: one consumer group per registered projection, started
 * by `listen` (app.startAllMicroservices) and stopped by `close` (app.close, after HTTP has
 * stopped and before Kafka and Postgres close). Not Nest's Kafka transport: that one hands over
 * one message at a time and keeps progress in Kafka, where our runners apply whole batches and
 * commit the checkpoint in the read model's own transaction.
 */
@Injectable()
export class ProjectionTransport extends Server<Record<string, never>, ProjectionTransportStatus> implements CustomTransportStrategy {
  private readonly runners: ProjectionRunner[] = [];

  constructor(
    @Inject(PROJECTIONS) private readonly projections: Projection[],
    private readonly runnerFactory: ProjectionRunnerFactory,
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {
    super();
  }

  listen(callback: (error?: unknown) => void): void {
    this.startRunners().then(
      () => callback(),
      (error: unknown) => callback(error),
    );
  }

  /** Each runner finishes the batch in flight, commits its offsets and leaves its group. */
  async close(): Promise<void> {
    await Promise.all(this.runners.splice(0).map((runner) => runner.stop()));
    this._status$.next('closed');
  }

  /** The runners emit no events of their own to subscribe to: progress is in /metrics. */
  on(): never {
    throw new Error('ProjectionTransport has no events to listen to');
  }

  unwrap<T>(): T {
    return [...this.runners] as unknown as T;
  }

  private async startRunners(): Promise<void> {
    for (const projection of this.projections) {
      const runner = this.liveRunner(projection);
      this.runners.push(runner);
      await runner.start();
    }
    this._status$.next('listening');
    this.logger.log(`running projections: ${this.runners.map((runner) => runner.name).join(', ')}`);
  }

  private liveRunner(projection: Projection): ProjectionRunner {
    return this.runnerFactory.create(projection, {
      topicPrefix: this.config.KAFKA_TOPIC_PREFIX,
      groupId: liveGroupId(this.config.KAFKA_CONSUMER_GROUP_PREFIX ?? this.config.KAFKA_TOPIC_PREFIX, projection.name),
      replaying: false,
      fetchMaxBytes: this.config.PROJECTION_FETCH_MAX_BYTES,
      partitionsConcurrently: this.config.PROJECTION_PARTITIONS_CONCURRENTLY,
      sessionTimeoutMs: this.config.KAFKA_SESSION_TIMEOUT_MS,
      onBatch: ({ applied, skipped, deadLettered, seconds }) => {
        this.metrics.batchDuration.observe({ projection: projection.name }, seconds);
        this.metrics.projectedEvents.inc({ projection: projection.name, outcome: 'applied' }, applied);
        this.metrics.projectedEvents.inc({ projection: projection.name, outcome: 'skipped' }, skipped);
        this.metrics.projectedEvents.inc({ projection: projection.name, outcome: 'dead_lettered' }, deadLettered);
        this.metrics.deadLetters.inc({ projection: projection.name }, deadLettered);
      },
    });
  }
}
