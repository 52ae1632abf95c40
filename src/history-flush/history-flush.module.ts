import { Module } from '@nestjs/common';
import { InstanceSettingsModule } from '../instance-settings/instance-settings.module';
import { SnapshotsModule } from '../snapshots/snapshots.module';
import { FlushHistoryJob } from './jobs/flush-history.job';
import { JOB_HANDLERS } from './jobs/job-handler';
import { ReadSettingsJob } from './jobs/read-settings.job';
import { SnapshotJob } from './jobs/snapshot.job';
import { OutboxDispatcher } from './outbox-dispatcher';
import { OutboxRepository } from './outbox.repository';
import { SnapshotReconciler } from './snapshot-reconciler';

const HANDLERS = [FlushHistoryJob, SnapshotJob, ReadSettingsJob];

/** The outbox the sync-state projection writes to, and the worker that delivers it. */
@Module({
  imports: [InstanceSettingsModule, SnapshotsModule],
  providers: [
    ...HANDLERS,
    { provide: JOB_HANDLERS, inject: HANDLERS, useFactory: (...handlers: unknown[]) => handlers },
    OutboxRepository,
    OutboxDispatcher,
    SnapshotReconciler,
  ],
  exports: [OutboxRepository, OutboxDispatcher],
})
export class HistoryFlushModule {}
