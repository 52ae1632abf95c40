import { ApiTags } from '@nestjs/swagger';
import { Controller, Get, Header } from '@nestjs/common';
import { MetricsService } from './metrics.service';

@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  /** Prometheus text format. Lag is measured at scrape time from Kafka end offsets and Postgres checkpoints. */
  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.metrics.scrape();
  }
}
