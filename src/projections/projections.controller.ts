import { ApiTags } from '@nestjs/swagger';
import { Controller, Get } from '@nestjs/common';
import { ProjectionsService } from './engine/projections.service';

@ApiTags('operations')
@Controller('projections')
export class ProjectionsController {
  constructor(private readonly projections: ProjectionsService) {}

  /** Per projection and partition: the next offset to apply, the end of the log, and the lag. */
  @Get('lag')
  async lag() {
    const partitions = await this.projections.lag();
    return { totalLag: partitions.reduce((sum, partition) => sum + partition.lag, 0), partitions };
  }
}
