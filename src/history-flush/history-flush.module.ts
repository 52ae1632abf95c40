import { Module } from '@nestjs/common';
import { OutboxRepository } from './outbox.repository';

/** The outbox the sync-state projection writes to, as the admin API reads and cancels it. */
@Module({
  providers: [OutboxRepository],
  exports: [OutboxRepository],
})
export class HistoryFlushModule {}
