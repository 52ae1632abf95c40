import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, UseGuards, ValidationPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AdminTokenGuard } from '../admin/admin-token.guard';
import { AdminErrorCode, AdminException } from '../admin/admin.exception';
import { BackfillService } from './backfill.service';
import { StartBackfillDto } from './start-backfill.dto';

const INSTANCE_ID = /^[A-Za-z0-9_.:@-]{1,128}$/;
const bodyValidation = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true });
const backfillId = new ParseUUIDPipe({ errorHttpStatusCode: 400 });

/** Backfill of older messages (docs/sync-state.md "Backfill"), behind the admin token like every admin route. */
@ApiTags('admin')
@ApiBearerAuth('admin')
@ApiResponse({ status: 401, description: 'ADMIN_UNAUTHORIZED: missing or wrong bearer token' })
@ApiResponse({ status: 403, description: 'ADMIN_DISABLED: ADMIN_TOKEN is not configured' })
@Controller('admin')
@UseGuards(AdminTokenGuard)
export class BackfillController {
  constructor(private readonly backfills: BackfillService) {}

  @Post('instances/:id/backfill')
  @HttpCode(202)
  @ApiOperation({ summary: 'Start walking chats back in time (POST /chats/{chatId}/messages page by page)', description: 'All chats with messages when chatIds is absent. The walk runs in the consumer processes.' })
  @ApiResponse({ status: 202, description: '`{backfillId, instanceId, chats}`' })
  @ApiResponse({ status: 400, description: 'INSTANCE_ID_INVALID or a field of the wrong type' })
  @ApiResponse({ status: 404, description: 'INSTANCE_NOT_FOUND' })
  @ApiResponse({ status: 409, description: 'BACKFILL_RUNNING: the instance has a running backfill' })
  start(@Param('id') id: string, @Body(bodyValidation) body: StartBackfillDto) {
    if (!INSTANCE_ID.test(id)) throw new AdminException(AdminErrorCode.InvalidInstanceId, 'instance id must be 1–128 letters, digits or _ . : @ -');
    return this.backfills.start(id, body);
  }

  @Get('backfills/:backfillId')
  @ApiOperation({ summary: "A backfill's progress per chat: pages, messages, oldest time reached, state and why it stopped" })
  @ApiResponse({ status: 404, description: 'BACKFILL_NOT_FOUND' })
  describe(@Param('backfillId', backfillId) id: string) {
    return this.backfills.describe(id);
  }

  @Delete('backfills/:backfillId')
  @ApiOperation({ summary: 'Cancel a running backfill: no further page requests; pages already asked for are still projected' })
  @ApiResponse({ status: 404, description: 'BACKFILL_NOT_FOUND' })
  @ApiResponse({ status: 409, description: 'BACKFILL_NOT_RUNNING' })
  cancel(@Param('backfillId', backfillId) id: string) {
    return this.backfills.cancel(id);
  }
}
