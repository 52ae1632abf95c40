import { BadRequestException, Body, ConflictException, Controller, Get, HttpCode, NotFoundException, Param, Post, UseFilters, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AdminExceptionFilter } from '../admin/admin-exception.filter';
import { AdminTokenGuard } from '../admin/admin-token.guard';
import { ReplayJob, ReplayJobs } from './replay-jobs.service';
import { ReplayErrorCode, ReplayException } from './replay.exception';

interface StartReplayBody {
  projection?: unknown;
  instanceId?: unknown;
  dryRun?: unknown;
}

/** The replay CLI's operation over HTTP, for admins: start a rebuild, then follow it. */
@ApiTags('admin')
@ApiBearerAuth('admin')
@ApiResponse({ status: 401, description: 'ADMIN_UNAUTHORIZED: missing or wrong bearer token' })
@Controller('admin/replay')
@UseGuards(AdminTokenGuard)
@UseFilters(AdminExceptionFilter)
export class ReplayController {
  constructor(private readonly jobs: ReplayJobs) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Rebuild a projection (or all) from the topics into shadow tables, then swap atomically' })
  @ApiBody({ schema: { type: 'object', required: ['projection'], properties: { projection: { type: 'string' }, instanceId: { type: 'string' }, dryRun: { type: 'boolean' } } } })
  @ApiResponse({ status: 202, description: 'Started; follow it at GET /admin/replay/{id}' })
  @ApiResponse({ status: 400, description: 'Unknown projection or bad body' })
  @ApiResponse({ status: 409, description: 'A rebuild is already running' })
  start(@Body() body: StartReplayBody = {}): ReplayJob {
    const { projection, instanceId, dryRun } = body;
    if (typeof projection !== 'string') throw new BadRequestException('projection must be a string: a projection name or "all"');
    if (instanceId !== undefined && typeof instanceId !== 'string') throw new BadRequestException('instanceId must be a string');
    if (dryRun !== undefined && typeof dryRun !== 'boolean') throw new BadRequestException('dryRun must be a boolean');
    try {
      return this.jobs.start(projection, { instanceId, dryRun });
    } catch (error) {
      if (error instanceof ReplayException) {
        throw error.code === ReplayErrorCode.AlreadyRunning ? new ConflictException(error.message) : new BadRequestException(error.message);
      }
      throw error;
    }
  }

  @Get(':id')
  @ApiOperation({ summary: 'Status of a rebuild: progress (events done/total, events/s, ETA), then its summary' })
  @ApiResponse({ status: 404, description: 'No such rebuild in this process' })
  status(@Param('id') id: string): ReplayJob {
    const job = this.jobs.get(id);
    if (!job) throw new NotFoundException(`no rebuild ${id}`);
    return job;
  }
}
