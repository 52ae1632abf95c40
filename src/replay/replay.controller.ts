import { Body, Controller, Get, HttpCode, Param, Post, UseGuards, ValidationPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AdminTokenGuard } from '../admin/admin-token.guard';
import { ReplayJob, ReplayJobs } from './replay-jobs.service';
import { ReplayErrorCode, ReplayException } from './replay.exception';
import { StartReplayDto } from './start-replay.dto';

const bodyValidation = new ValidationPipe({ whitelist: true, transform: true });

/** The replay CLI's operation over HTTP, for admins: start a rebuild, then follow it. */
@ApiTags('admin')
@ApiBearerAuth('admin')
@ApiResponse({ status: 401, description: 'ADMIN_UNAUTHORIZED: missing or wrong bearer token' })
@Controller('admin/replay')
@UseGuards(AdminTokenGuard)
export class ReplayController {
  constructor(private readonly jobs: ReplayJobs) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Rebuild a projection (or all) from the topics into shadow tables, then swap atomically' })
  @ApiResponse({ status: 202, description: 'Started; follow it at GET /admin/replay/{id}' })
  @ApiResponse({ status: 400, description: 'UNKNOWN_PROJECTION, or REQUEST_INVALID: a field of the wrong type' })
  @ApiResponse({ status: 409, description: 'REPLAY_ALREADY_RUNNING: a rebuild is already running' })
  start(@Body(bodyValidation) body: StartReplayDto): ReplayJob {
    return this.jobs.start(body.projection, { instanceId: body.instanceId, dryRun: body.dryRun });
  }

  @Get(':id')
  @ApiOperation({ summary: 'Status of a rebuild: progress (events done/total, events/s, ETA), then its summary' })
  @ApiResponse({ status: 404, description: 'REPLAY_NOT_FOUND: no such rebuild in this process' })
  status(@Param('id') id: string): ReplayJob {
    const job = this.jobs.get(id);
    if (!job) throw new ReplayException(ReplayErrorCode.NotFound, `no rebuild ${id}`);
    return job;
  }
}
