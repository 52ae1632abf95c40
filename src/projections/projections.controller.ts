import { ApiTags } from '@nestjs/swagger';
import { Controller, Get, Inject } from '@nestjs/common';
import { Projection, PROJECTIONS } from './engine/projection';
import { ProjectionsService } from './engine/projections.service';

@ApiTags('operations')
@Controller('projections')
export class ProjectionsController {
  constructor(
    private readonly projections: ProjectionsService,
    @Inject(PROJECTIONS) private readonly registered: Projection[],
  ) {}

  /** Every projection: its version (raised means "replay it"), the topics it reads, the event types it handles, its tables. */
  @Get()
  list() {
    return this.registered.map(({ name, version, topics, handles, tables }) => ({ name, version, topics, handles, tables }));
  }

  /** Per projection and partition: the next offset to apply, the end of the log, and the lag. */
  @Get('lag')
  async lag() {
    const partitions = await this.projections.lag();
    return { totalLag: partitions.reduce((sum, partition) => sum + partition.lag, 0), partitions };
  }
}
