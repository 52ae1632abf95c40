import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { applyOutboxEffects } from '../../history-flush/outbox-writes';
import { OutboxEffect } from '../../history-flush/outbox-job';
import { ServiceTopic } from '../../kafka/topics';
import { EventCategory } from '../../wsapi/event-types';
import { ApplyContext, Projection, SourceEvent } from '../engine/projection';
import { finishRow, NO_HISTORY } from './instance-row';
import { HISTORY_CHUNKS_TABLE, historyProgress, insertHistoryChunks, INSTANCES_TABLE, lockInstances, saveInstances } from './instances.store';
import { decodeSyncEvent, SyncChange } from './sync-changes';
import { SyncJobPolicy, transition } from './transitions';

/**
 * `instances`: one row per instance with its sync state machine (docs/sync-state.md), fed by the
 * session topic (WSAPI's session events and our own instance_settings / history_flush_outcome),
 * the history topic (progress counts) and the snapshots topic (last snapshot time).
 *
 * Its decisions — flush history, take a snapshot, read the setting — go to the outbox in the same
 * transaction as the rows and the checkpoint, never while replaying.
 */
@Injectable()
export class SyncStateProjection implements Projection<SyncChange> {
  readonly name = 'sync-state';
  readonly topics = [EventCategory.Session, EventCategory.History, ServiceTopic.Snapshots];
  readonly tables = [INSTANCES_TABLE, HISTORY_CHUNKS_TABLE];
  private readonly policy: SyncJobPolicy;

  constructor(private readonly config: AppConfig) {
    this.policy = {
      snapshotFallbackDelayMs: config.SNAPSHOT_FALLBACK_DELAY_MS,
      retryWindowMs: config.FLUSH_RETRY_WINDOW_MS,
      readSettingsFromWsapi: config.WSAPI_ACCOUNT_API_KEY !== undefined,
    };
  }

  decode(event: SourceEvent): SyncChange[] {
    return decodeSyncEvent(event);
  }

  async apply(changes: SyncChange[], { sql, replaying }: ApplyContext): Promise<void> {
    await insertHistoryChunks(sql, changes.flatMap((change) => (change.type === 'history_chunk' ? [change] : [])));
    const rows = await lockInstances(sql, changes.map((change) => change.instanceId));
    const effects: OutboxEffect[] = [];
    for (const change of changes) {
      const result = transition(rows.get(change.instanceId)!, change, this.policy);
      rows.set(change.instanceId, result.row);
      effects.push(...result.effects);
    }
    const progress = await historyProgress(sql, [...rows.values()]);
    await saveInstances(sql, [...rows.values()].map((row) => finishRow(row, progress.get(row.instance_id) ?? NO_HISTORY)));
    if (!replaying) await applyOutboxEffects(sql, this.config.KAFKA_TOPIC_PREFIX, effects);
  }
}
