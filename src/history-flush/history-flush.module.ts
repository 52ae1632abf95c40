import { Module } from '@nestjs/common';
import { InstanceSettingsModule } from '../instance-settings/instance-settings.module';
import { OutboxModule } from '../outbox/outbox.module';
import { SnapshotsModule } from '../snapshots/snapshots.module';
import { FlushHistoryJob } from './jobs/flush-history.job';
import { JOB_HANDLERS } from './jobs/job-handler';
import { ReadSettingsJob } from './jobs/read-settings.job';
import { SnapshotJob } from './jobs/snapshot.job';
import { OutboxDispatcher } from './outbox-dispatcher';
import { SnapshotReconciler } from './snapshot-reconciler';

const HANDLERS = [FlushHistoryJob, SnapshotJob, ReadSettingsJob];

/** The worker that delivers the outbox's jobs (flush-history, snapshots, settings reads) and the reconcile scheduler. */
@Module({
  imports: [InstanceSettingsModule, SnapshotsModule, OutboxModule],
  providers: [
    ...HANDLERS,
    { provide: JOB_HANDLERS, inject: HANDLERS, useFactory: (...handlers: unknown[]) => handlers },
    OutboxDispatcher,
    SnapshotReconciler,
  ],
  exports: [OutboxModule, OutboxDispatcher],
})
export class HistoryFlushModule {}
