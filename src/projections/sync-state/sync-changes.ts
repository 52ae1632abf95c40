import { IsArray, IsOptional, IsString } from 'class-validator';
import { KafkaMessage } from 'kafkajs';
import { SnapshotEventType } from '../../wsapi/payloads/snapshot.dto';
import {
  BackfillOutcomeEventDto,
  HistoryFlushOutcomeEventDto,
  HistorySyncSettingDto,
  InstanceSettingsEventDto,
  ServiceEventType,
  SnapshotOutcomeEventDto,
  SseGapEventDto,
} from '../../wsapi/payloads/service-events.dto';
import { LoggedInDto, LoggedOutDto, LoginErrorDto } from '../../wsapi/payloads/session-events.dto';
import { validatePayload } from '../../wsapi/payloads/validate-payload';
import { SourceEvent } from '../engine/projection';

interface ChangeBase {
  instanceId: string;
  /** The event's time (ISO-8601 UTC). */
  at: string;
}

export type SyncChange = ChangeBase &
  (
    | { type: 'logged_in'; deviceId: string; cycleId: string }
    | { type: 'logged_out'; reason: string | null }
    | { type: 'login_error'; error: string }
    /** `implicitCycleId` names the cycle when no logged_in was ever seen (deployed mid-life, or it was lost). */
    | { type: 'initial_sync_finished'; implicitCycleId: string }
    | { type: 'instance_settings'; setting: HistorySyncSettingDto }
    | { type: 'history_flush_outcome'; outcome: HistoryFlushOutcomeEventDto }
    | { type: 'history_chunk'; chunkKey: string; chatIds: string[]; messages: number }
    | { type: 'snapshot' }
    | { type: 'snapshot_outcome'; outcome: SnapshotOutcomeEventDto }
    | { type: 'backfill_outcome'; outcome: BackfillOutcomeEventDto }
    | { type: 'sse_gap'; disconnectedAt: string; reconnectedAt: string }
    /** Any other event of the instance (a message, a chat update…, or our instance_discovered): it exists. */
    | { type: 'seen' }
  );

/** The only parts of `message_history_sync` progress counting needs. */
class HistoryChunkDto {
  @IsOptional() @IsString()
  chatId?: string;

  @IsArray()
  messages: unknown[];
}

const SNAPSHOT_TYPES: readonly string[] = Object.values(SnapshotEventType);

/** One Kafka record → the sync-state changes it carries (pure; throws PoisonEventError on a bad payload). */
export function decodeSyncEvent(event: SourceEvent): SyncChange[] {
  const base = { instanceId: event.instanceId, at: event.eventTime };
  switch (event.eventType) {
    case 'logged_in': {
      const data = validatePayload(LoggedInDto, event.eventData, 'logged_in');
      return [{ ...base, type: 'logged_in', deviceId: data.deviceId, cycleId: eventKey(event) }];
    }
    case 'logged_out':
      return [{ ...base, type: 'logged_out', reason: validatePayload(LoggedOutDto, event.eventData, 'logged_out').reason ?? null }];
    case 'login_error':
      return [{ ...base, type: 'login_error', error: validatePayload(LoginErrorDto, event.eventData, 'login_error').error }];
    case 'initial_sync_finished':
      return [{ ...base, type: 'initial_sync_finished', implicitCycleId: `isf:${eventKey(event)}` }];
    case ServiceEventType.InstanceSettings:
      return [{ ...base, type: 'instance_settings', setting: validatePayload(InstanceSettingsEventDto, event.eventData, 'instance_settings') }];
    case ServiceEventType.HistoryFlushOutcome:
      return [{ ...base, type: 'history_flush_outcome', outcome: validatePayload(HistoryFlushOutcomeEventDto, event.eventData, 'history_flush_outcome') }];
    case ServiceEventType.SnapshotOutcome:
      return [{ ...base, type: 'snapshot_outcome', outcome: validatePayload(SnapshotOutcomeEventDto, event.eventData, 'snapshot_outcome') }];
    case ServiceEventType.BackfillOutcome:
      return [{ ...base, type: 'backfill_outcome', outcome: validatePayload(BackfillOutcomeEventDto, event.eventData, 'backfill_outcome') }];
    case ServiceEventType.SseGap: {
      const gap = validatePayload(SseGapEventDto, event.eventData, 'sse_gap');
      return [{ ...base, type: 'sse_gap', disconnectedAt: gap.disconnectedAt, reconnectedAt: gap.reconnectedAt }];
    }
    case 'message_history_sync': {
      const data = validatePayload(HistoryChunkDto, event.eventData, 'message_history_sync');
      return [{ ...base, type: 'history_chunk', chunkKey: eventKey(event), chatIds: chatIdsOf(data), messages: data.messages.length }];
    }
    default:
      // Anything else (instance_discovered, messages, chats, contacts…): the payload does not matter.
      return [{ ...base, type: SNAPSHOT_TYPES.includes(event.eventType) ? 'snapshot' : 'seen' }];
  }
}

/**
 * The cheap path for the busy topics (messages, chats, contacts…): the record's key is its
 * instance id, and that the instance was seen is all sync-state needs, so the record is not even
 * parsed. The time is the record's own timestamp, which is in the log (a replay sees the same).
 */
export function seenFromRecord(message: KafkaMessage): SyncChange[] | undefined {
  const instanceId = message.key?.toString('utf8');
  if (!instanceId) return undefined; // decoded normally, which dead-letters a record without an instance
  return [{ instanceId, at: new Date(Number(message.timestamp)).toISOString(), type: 'seen' }];
}

/** Stable identity of an event: its id, else its position in the log (a replay sees the same one). */
function eventKey(event: SourceEvent): string {
  return event.eventId ?? `${event.topic}/${event.partition}/${event.offset}`;
}

/** The chunk's chat, else the chats its messages name (bare payloads, or wrapped in envelopes). */
function chatIdsOf(chunk: HistoryChunkDto): string[] {
  if (chunk.chatId) return [chunk.chatId];
  const ids = chunk.messages.map((message) => {
    const record = (message ?? {}) as { chatId?: unknown; eventData?: { chatId?: unknown } };
    return typeof record.chatId === 'string' ? record.chatId : record.eventData?.chatId;
  });
  return [...new Set(ids.filter((id): id is string => typeof id === 'string' && id !== ''))];
}
