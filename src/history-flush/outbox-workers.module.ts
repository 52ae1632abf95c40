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

/** The workers that deliver the outbox (and queue reconcile snapshots): consumer processes only. */
@Module({
  imports: [OutboxModule, InstanceSettingsModule, SnapshotsModule],
  providers: [
    ...HANDLERS,
    { provide: JOB_HANDLERS, inject: HANDLERS, useFactory: (...handlers: unknown[]) => handlers },
    OutboxDispatcher,
    SnapshotReconciler,
  ],
})
export class OutboxWorkersModule {}
