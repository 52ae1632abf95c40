import { KafkaMessage } from 'kafkajs';
import { Sql } from '../../database/sql';
import { TopicSuffix } from '../../kafka/topics';
import { InvalidPayloadError } from '../../wsapi/payloads/invalid-payload.error';

/** One Kafka record as a projection sees it: the decoded WSAPI envelope plus where it came from. */
export interface SourceEvent {
  topic: string;
  partition: number;
  offset: string;
  instanceId: string;
  /** Canonical event type (legacy aliases already mapped). */
  eventType: string;
  eventId?: string;
  /** When WSAPI received the event (envelope.receivedAt), else when we stored it: ISO-8601 UTC. */
  eventTime: string;
  eventData: Record<string, unknown>;
}

export interface ApplyContext {
  /** The batch's transaction. */
  sql: Sql;
  /** True while a rebuild replays the topics: no side effects (no outbox, no WSAPI calls). */
  replaying: boolean;
}

/**
 * The one shape every projection has. `decode` is pure and runs per event: it validates the
 * payload and turns it into changes, or throws (the event goes to the dead-letter topic).
 * `apply` writes a whole batch's changes set-based, inside the transaction that also moves the
 * projection's checkpoint, so a batch's effect and its offsets commit together.
 */
export interface Projection<TChange = unknown> {
  /** Stable name: consumer group, checkpoint rows, metrics and replay use it. */
  readonly name: string;
  readonly topics: readonly TopicSuffix[];
  /** The read-model tables it owns (replay rebuilds exactly these). */
  readonly tables: readonly string[];
  /**
   * The event types (canonical names) `decode` reads, or EVERY_EVENT_TYPE. A record of any other
   * type on its topics is not decoded at all: it changes nothing, and only moves the checkpoint.
   */
  readonly handles: readonly string[] | typeof EVERY_EVENT_TYPE;
  /**
   * Raised whenever the projection would write different rows for the same events (a new column,
   * a new event type, a changed rule): its read model is then stale until replayed (README, Replay).
   */
  readonly version: number;
  decode(event: SourceEvent): TChange[];
  /**
   * Optional shortcut before `decode`: the changes of a record known from its key and topic alone
   * (no JSON parse), or undefined to decode it normally. For projections that only need to know an
   * instance was seen on a busy topic.
   */
  decodeUnparsed?(topic: string, message: KafkaMessage): TChange[] | undefined;
  apply(changes: TChange[], context: ApplyContext): Promise<void>;
}

/** `handles` of a projection for which every event means something (sync-state: its instance exists). */
export const EVERY_EVENT_TYPE = 'every event type';

export function handlesEventType(projection: Pick<Projection, 'handles'>, eventType: string): boolean {
  return projection.handles === EVERY_EVENT_TYPE || projection.handles.includes(eventType);
}

/**
 * Thrown by decode for an event the projection can never handle by its own rules (its payload
 * passed the DTO); the reason goes to the DLQ. A kind of invalid payload, so that whoever catches
 * InvalidPayloadError (a payload wsapi/ validation refused) catches this one too.
 */
export class PoisonEventError extends InvalidPayloadError {}

export const PROJECTIONS = Symbol('PROJECTIONS');
