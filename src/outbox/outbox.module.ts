import { Module } from '@nestjs/common';
import { OutboxRepository } from './outbox.repository';

/**
 * The outbox (table sync_outbox): the jobs the sync-state projection decides on, written in its
 * transaction (outbox-writes), and their storage as the dispatcher sees it. Below both of them.
 */
@Module({
  providers: [OutboxRepository],
  exports: [OutboxRepository],
})
export class OutboxModule {}
