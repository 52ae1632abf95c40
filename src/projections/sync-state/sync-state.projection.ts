import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { applyOutboxEffects } from '../../outbox/outbox-writes';
import { OutboxEffect } from '../../outbox/outbox-job';
import { KafkaMessage } from 'kafkajs';
import { ServiceTopic, topicName } from '../../kafka/topics';
import { EventCategory } from '../../wsapi/event-types';
import { ApplyContext, EVERY_EVENT_TYPE, Projection, SourceEvent } from '../engine/projection';
import { BACKFILL_OUTCOMES_TABLE, insertBackfillOutcomes, withBackfillTotals } from './backfill-totals';
import { finishRow, NO_HISTORY } from './instance-row';
import { HISTORY_CHUNKS_TABLE, historyProgress, insertHistoryChunks, INSTANCES_TABLE, lockInstances, saveInstances } from './instances.store';
import { Sightings } from './sightings';
import { decodeSyncEvent, seenFromRecord, SyncChange } from './sync-changes';
import { SyncJobPolicy, transition } from './transitions';

/**
 * `instances`: one row per instance with its sync state machine (docs/sync-state.md), fed by the
 * session topic (WSAPI's session events and our own instance_settings / history_flush_outcome /
 * snapshot_outcome / instance_discovered), the history topic (progress counts), the snapshots
 * topic (last snapshot time) and every other WSAPI topic (only that the instance exists).
 *
 * Its decisions — flush history, take a snapshot, read the setting — go to the outbox in the same
 * transaction as the rows and the checkpoint, never while replaying.
 */
@Injectable()
export class SyncStateProjection implements Projection<SyncChange> {
  readonly name = 'sync-state';
  /** Every WSAPI topic (an instance seen anywhere may need its bootstrap snapshot) but `unknown`. */
  readonly topics = [...Object.values(EventCategory).filter((category) => category !== EventCategory.Unknown), ServiceTopic.Snapshots];
  readonly tables = [INSTANCES_TABLE, HISTORY_CHUNKS_TABLE, BACKFILL_OUTCOMES_TABLE];
  /** Any event at all tells that its instance exists (decodeSyncEvent's `seen`). */
  readonly handles = EVERY_EVENT_TYPE;
  readonly version = 1;
  private readonly policy: SyncJobPolicy;
  /** Full names of the topics whose records are only "seen" (not parsed). */
  private readonly seenOnlyTopics: ReadonlySet<string>;
  private readonly sightings: Sightings;

  constructor(private readonly config: AppConfig) {
    this.policy = {
      snapshotFallbackDelayMs: config.SNAPSHOT_FALLBACK_DELAY_MS,
      snapshotBootstrapDelayMs: config.SNAPSHOT_BOOTSTRAP_DELAY_MS,
      snapshotRetryWindowMs: config.SNAPSHOT_RETRY_WINDOW_MS,
      flushRetryWindowMs: config.FLUSH_RETRY_WINDOW_MS,
    };
    const parsed: readonly string[] = [EventCategory.Session, EventCategory.History, ServiceTopic.Snapshots];
    this.sightings = new Sightings(config.KAFKA_TOPIC_PREFIX);
    this.seenOnlyTopics = new Set(this.topics.filter((suffix) => !parsed.includes(suffix)).map((suffix) => topicName(config.KAFKA_TOPIC_PREFIX, suffix)));
  }

  decode(event: SourceEvent): SyncChange[] {
    return decodeSyncEvent(event);
  }

  decodeUnparsed(topic: string, message: KafkaMessage): SyncChange[] | undefined {
    return this.seenOnlyTopics.has(topic) ? seenFromRecord(message) : undefined;
  }

  async apply(all: SyncChange[], { sql, replaying }: ApplyContext): Promise<void> {
    const changes = await this.sightings.relevant(sql, all, replaying);
    if (changes.length === 0) return;
    await insertHistoryChunks(sql, changes.flatMap((change) => (change.type === 'history_chunk' ? [change] : [])));
    await insertBackfillOutcomes(sql, changes.flatMap((change) => (change.type === 'backfill_outcome' ? [change] : [])));
    const rows = await lockInstances(sql, changes.map((change) => change.instanceId));
    const effects: OutboxEffect[] = [];
    const clock = { decidedAt: new Date().toISOString() };
    for (const change of changes) {
      const result = transition(rows.get(change.instanceId)!, change, this.policy, clock);
      rows.set(change.instanceId, result.row);
      effects.push(...result.effects);
    }
    const progress = await historyProgress(sql, [...rows.values()]);
    const finished = [...rows.values()].map((row) => finishRow(row, progress.get(row.instance_id) ?? NO_HISTORY));
    await saveInstances(sql, changes.some((change) => change.type === 'backfill_outcome') ? await withBackfillTotals(sql, finished) : finished);
    if (!replaying) await applyOutboxEffects(sql, this.config.KAFKA_TOPIC_PREFIX, effects);
  }
}
