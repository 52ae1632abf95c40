import { Module } from '@nestjs/common';
import { AdminTokenGuard } from '../admin/admin-token.guard';
import { BackfillController } from './backfill.controller';
import { BackfillModule } from './backfill.module';

/** POST /admin/instances/:id/backfill, GET and DELETE /admin/backfills/:id: ingress processes. */
@Module({
  imports: [BackfillModule],
  controllers: [BackfillController],
  providers: [AdminTokenGuard],
})
export class BackfillApiModule {}
