import { ApiTags } from '@nestjs/swagger';
import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { KafkaHealthIndicator } from './kafka.health';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly kafka: KafkaHealthIndicator,
  ) {}

  /** Readiness: Kafka and Postgres both answer. 503 otherwise. */
  @Get()
  @HealthCheck()
  readiness() {
    return this.health.check([() => this.kafka.isHealthy('kafka'), () => this.database.pingCheck('postgres', { timeout: 3000 })]);
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.readiness();
  }

  /** Liveness: the process serves HTTP; dependencies are not consulted. */
  @Get('live')
  live() {
    return { status: 'ok' };
  }
}
