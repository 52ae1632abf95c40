// Builders of SourceEvents for the messages unit specs, decoded exactly as the engine decodes
// records. Not a spec itself: jest runs only *.unit.spec.ts, and the .spec.ts suffix keeps it out
// of the production build (tsconfig.build.json).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KafkaMessage } from 'kafkajs';
import { decodeRecord } from '../engine/decode-record';
import { SourceEvent } from '../engine/projection';
import { WSAPI_EXAMPLES_DIR } from '../../../test/fixtures/wsapi-examples';

const EXAMPLES_DIR = WSAPI_EXAMPLES_DIR;
export const INSTANCE = 'ins_demo0001';

export function envelopeEvent(envelope: Record<string, unknown>, topic = 'wsapi.messages'): SourceEvent {
  const message = { key: null, value: Buffer.from(JSON.stringify(envelope)), offset: '0', timestamp: '0', attributes: 0, headers: {} } as unknown as KafkaMessage;
  return decodeRecord(topic, 0, message);
}

export function sourceEvent(eventType: string, eventData: Record<string, unknown>, receivedAt = '2026-03-01T10:15:30.123Z'): SourceEvent {
  return envelopeEvent({ eventId: 'evt_test', instanceId: INSTANCE, receivedAt, eventType, eventData });
}

/** A WSAPI example (shared/wsapi/examples/<name>.json), optionally with its payload changed. */
export function exampleEvent(name: string, changeData: (data: Record<string, any>) => void = () => undefined): SourceEvent {
  const envelope = JSON.parse(readFileSync(join(EXAMPLES_DIR, `${name}.json`), 'utf8'));
  changeData(envelope.eventData);
  return envelopeEvent(envelope);
}

export const GRACE = { id: '15550100201@s.whatsapp.net', lid: '88000000201@lid', phone: '15550100201', isMe: false };
export const ME = { id: '15550100200@s.whatsapp.net', lid: '88000000200@lid', phone: '15550100200', isMe: true };
