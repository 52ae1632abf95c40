import { KafkaMessage } from 'kafkajs';
import { loadAppConfig } from '../../src/config/app-config';
import { topicName } from '../../src/kafka/topics';
import { ChatsProjection } from '../../src/projections/chats/chats.projection';
import { ContactsProjection } from '../../src/projections/contacts/contacts.projection';
import { decodeRecord } from '../../src/projections/engine/decode-record';
import { Projection } from '../../src/projections/engine/projection';
import { GroupsProjection } from '../../src/projections/groups/groups.projection';
import { MessagesProjection } from '../../src/projections/messages/messages.projection';
import { SyncStateProjection } from '../../src/projections/sync-state/sync-state.projection';
import { SimulatedEvent } from '../simulator/account-stream';
import { MessageEventDto } from '../../src/wsapi/payloads/message-events.dto';
import { validatePayload } from '../../src/wsapi/payloads/validate-payload';
import { textTable } from '../lib/text-table';
import { topicSuffixOf } from './kafka-feed';

export interface DecodeCost {
  what: string;
  /** Microseconds of one core per unit (history message, or event). */
  micros: number;
}

/**
 * Where a projection's CPU goes before any SQL: for each projection, the time its `decode`
 * (JSON.parse of the record + payload validation + patches) takes per unit, measured in this
 * process on the benchmark's own events. Also class-validator alone on one message payload.
 */
export function decodeCosts(events: SimulatedEvent[], unitsOf: (event: SimulatedEvent) => number, label: string): DecodeCost[] {
  const projections: Projection[] = [new MessagesProjection(), new ChatsProjection(), new ContactsProjection(), new GroupsProjection(), new SyncStateProjection(loadAppConfig({}))];
  const records = events.map((event, i) => ({ event, suffix: topicSuffixOf(event), topic: topicName('bench', topicSuffixOf(event)), message: asMessage(event, i) }));
  const units = events.reduce((sum, event) => sum + unitsOf(event), 0);
  const costs: DecodeCost[] = [];
  const time = (what: string, work: () => void) => {
    work(); // warm-up (JIT)
    const started = performance.now();
    work();
    costs.push({ what, micros: ((performance.now() - started) * 1000) / units });
  };
  time(`JSON.parse of the record (each projection does it), per ${label}`, () => records.forEach(({ topic, message }) => decodeRecord(topic, 0, message)));
  for (const projection of projections) {
    const mine = records.filter(({ suffix }) => projection.topics.includes(suffix));
    if (mine.length === 0) continue;
    time(`${projection.name}.decode (parse + validate + patches), per ${label}`, () => mine.forEach(({ topic, message }) => projection.decode(decodeRecord(topic, 0, message))));
  }
  const payloads = events.flatMap((event) => (event.eventType === 'message_history_sync' ? (event.eventData.messages as object[]) : event.eventType === 'message' ? [event.eventData] : []));
  if (payloads.length > 0) {
    time(`class-validator alone: validatePayload(MessageEventDto), per ${label}`, () => payloads.forEach((payload) => validatePayload(MessageEventDto, payload, 'message')));
  }
  return costs;
}

export function renderDecodeCosts(costs: DecodeCost[]): string {
  return textTable(['CPU per unit (one core, no SQL)', 'µs'], costs.map((cost) => [cost.what, cost.micros.toFixed(1)]));
}

function asMessage(event: SimulatedEvent, offset: number): KafkaMessage {
  return { key: Buffer.from(event.instanceId), value: Buffer.from(JSON.stringify(event)), timestamp: String(Date.now()), attributes: 0, offset: String(offset), headers: {} } as unknown as KafkaMessage;
}
