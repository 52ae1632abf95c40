import { ApiTags } from '@nestjs/swagger';
import { Controller, Get, Header } from '@nestjs/common';
import { ProjectionsService } from '../projections/engine/projections.service';
import { MetricsService } from './metrics.service';

@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly projections: ProjectionsService,
  ) {}

  /** Prometheus text format. Lag is measured at scrape time from Kafka end offsets and Postgres checkpoints. */
  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(): Promise<string> {
    await this.refreshLag();
    return this.metrics.registry.metrics();
  }

  private async refreshLag(): Promise<void> {
    const partitions = await this.projections.lag().catch(() => []);
    this.metrics.consumerLag.reset();
    for (const { projection, topic, partition, lag } of partitions) {
      this.metrics.consumerLag.set({ projection, topic, partition: String(partition) }, lag);
    }
  }
}
