// Helpers for the chats and groups unit specs. Not a spec itself: jest runs only *.unit.spec.ts,
// and the .spec.ts suffix keeps it out of the production build (tsconfig.build.json).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalEventType } from '../../wsapi/event-types';
import { SourceEvent } from '../engine/projection';
import { WSAPI_EXAMPLES_DIR } from '../../../test/fixtures/wsapi-examples';

const EXAMPLES_DIR = WSAPI_EXAMPLES_DIR;

/** An envelope of shared/wsapi/examples parsed as JSON (`rest-*` files are bare arrays). */
export function example<T = Record<string, any>>(name: string): T {
  return JSON.parse(readFileSync(join(EXAMPLES_DIR, `${name}.json`), 'utf8')) as T;
}

/** A SourceEvent as decodeRecord would build it, with the engine's normalized time. */
export function sourceEvent(eventType: string, eventData: Record<string, unknown>, eventTime = '2026-03-01T10:15:30.123Z', instanceId = 'ins_demo0001'): SourceEvent {
  return { topic: 't', partition: 0, offset: '0', instanceId, eventType: canonicalEventType(eventType), eventTime, eventData };
}

/** A SourceEvent of one of the example envelopes. */
export function exampleEvent(name: string): SourceEvent {
  const envelope = example(name);
  return sourceEvent(envelope.eventType, envelope.eventData, new Date(envelope.receivedAt).toISOString(), envelope.instanceId);
}
