import { Body, Controller, Get, HttpCode, Param, Post, Put, UseGuards, ValidationPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AdminTokenGuard } from './admin-token.guard';
import { AdminErrorCode, AdminException } from './admin.exception';
import { AdminService } from './admin.service';
import { UpdateInstanceSettingsDto } from './update-settings.dto';

const INSTANCE_ID = /^[A-Za-z0-9_.:@-]{1,128}$/;

const bodyValidation = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true });

/** Operator endpoints, all behind `Authorization: Bearer <ADMIN_TOKEN>`. */
@ApiTags('admin')
@ApiBearerAuth('admin')
@ApiResponse({ status: 401, description: 'ADMIN_UNAUTHORIZED: missing or wrong bearer token' })
@ApiResponse({ status: 403, description: 'ADMIN_DISABLED: ADMIN_TOKEN is not configured' })
@Controller('admin/instances')
@UseGuards(AdminTokenGuard)
export class AdminController {
  constructor(private readonly admin: AdminService) {}

  @Put(':id/settings')
  @ApiOperation({
    summary: "Set an instance's HistorySync override and/or webhook signing secret",
    description: 'Absent fields stay as they are, null clears. A HistorySync change is published as `instance_settings` (unless WSAPI_ACCOUNT_API_KEY makes WSAPI the source).',
  })
  @ApiResponse({ status: 200, description: 'Saved; `effectiveHistorySync` is the setting now in effect' })
  @ApiResponse({ status: 400, description: 'SETTINGS_EMPTY, INSTANCE_ID_INVALID, or a field of the wrong type' })
  updateSettings(@Param('id') id: string, @Body(bodyValidation) body: UpdateInstanceSettingsDto) {
    return this.admin.updateSettings(checked(id), body);
  }

  @Get(':id')
  @ApiOperation({ summary: "An instance's sync state (`instances` row), its admin settings (never the secret) and its latest outbox jobs" })
  @ApiResponse({ status: 404, description: 'INSTANCE_NOT_FOUND' })
  describe(@Param('id') id: string) {
    return this.admin.describe(checked(id));
  }

  @Post(':id/snapshot')
  @HttpCode(200)
  @ApiOperation({ summary: 'Take the contacts/chats/groups snapshot now', description: 'Published to `<prefix>.snapshots`; the read models pick it up from Kafka.' })
  @ApiResponse({ status: 200, description: 'Every part fetched and published, with item counts' })
  @ApiResponse({ status: 502, description: 'WSAPI_FAILED: WSAPI refused or failed (the parts that worked are still published)' })
  snapshot(@Param('id') id: string) {
    return this.admin.takeSnapshot(checked(id));
  }

  @Post(':id/flush-history')
  @HttpCode(200)
  @ApiOperation({
    summary: "Force one POST /session/flush-history for the instance's current sync cycle",
    description:
      'Whatever HistorySync and the flush window say; recorded as the cycle\'s `history_flush_outcome`. WSAPI may answer 202 and send nothing once its one-hour history cache has expired or was already flushed.',
  })
  @ApiResponse({ status: 200, description: '`{instanceId, cycleId, outcome: accepted, calledAt}`' })
  @ApiResponse({ status: 409, description: 'NO_SYNC_CYCLE: no sync cycle is known for the instance' })
  @ApiResponse({ status: 502, description: 'WSAPI_FAILED: WSAPI refused or failed (recorded as a failed outcome when refused)' })
  flushHistory(@Param('id') id: string) {
    return this.admin.forceFlush(checked(id));
  }
}

function checked(instanceId: string): string {
  if (!INSTANCE_ID.test(instanceId)) throw new AdminException(AdminErrorCode.InvalidInstanceId, 'instance id must be 1–128 letters, digits or _ . : @ -');
  return instanceId;
}
