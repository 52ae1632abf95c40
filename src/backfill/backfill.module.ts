import { Module } from '@nestjs/common';
import { BackfillRepository } from './backfill.repository';
import { BackfillService } from './backfill.service';

/** Backfills as durable state in Postgres: start, follow, cancel (the admin API, the CLI and the worker share it). */
@Module({
  providers: [BackfillService, BackfillRepository],
  exports: [BackfillService, BackfillRepository],
})
export class BackfillModule {}
