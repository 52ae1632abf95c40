import { readdirSync } from 'node:fs';
import { KafkaMessage } from 'kafkajs';
import { loadAppConfig } from '../config/app-config';
import { canonicalEventType, EVENT_CATEGORY_BY_TYPE } from '../wsapi/event-types';
import { ServiceEventType } from '../wsapi/payloads/service-events.dto';
import { SnapshotEventType } from '../wsapi/payloads/snapshot.dto';
import { WSAPI_EXAMPLES_DIR } from '../../test/fixtures/wsapi-examples';
import { example, exampleEvent, sourceEvent } from './chat-common/example-events.spec';
import { decodeBatch } from './engine/decode-batch';
import { EVERY_EVENT_TYPE, Projection, SourceEvent } from './engine/projection';
import { PROJECTION_CLASSES } from './registry';

/** One example event of every type WSAPI documents an example for, and the three snapshots. */
function exampleEvents(): SourceEvent[] {
  const envelopes = readdirSync(WSAPI_EXAMPLES_DIR)
    .map((file) => file.replace(/\.json$/, ''))
    .filter((name) => typeof example(name).eventType === 'string')
    .map((name) => exampleEvent(name));
  const snapshot = (eventType: SnapshotEventType, file: string) => sourceEvent(eventType, { items: example<unknown[]>(file) });
  return [...envelopes, snapshot(SnapshotEventType.Contacts, 'rest-contacts'), snapshot(SnapshotEventType.Chats, 'rest-chats'), snapshot(SnapshotEventType.Groups, 'rest-groups')];
}

/** Examples for the declared types whose documented example happens to mean nothing to a projection. */
const MEANINGFUL_VARIANTS: Record<string, Record<string, SourceEvent>> = {
  // The groups projection reads chat_setting only for a group's disappearing-messages timer.
  groups: { chat_setting: sourceEvent('chat_setting', { id: '120363099887766554@g.us', settingType: 'ephemeral', ephemeral: { expiration: '24h' } }) },
};

const KNOWN_EVENT_TYPES = new Set([
  ...Object.keys(EVENT_CATEGORY_BY_TYPE).map(canonicalEventType),
  ...Object.values(ServiceEventType),
  ...Object.values(SnapshotEventType),
]);

const config = loadAppConfig({ KAFKA_BROKERS: '127.0.0.1:9092', DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/unused', KAFKA_TOPIC_PREFIX: 'wsapi' });
const projections = PROJECTION_CLASSES.map((Class) => new (Class as new (...args: unknown[]) => Projection)(config));
const examples = exampleEvents();

describe('the event types each projection declares it handles', () => {
  it('has examples to judge by: the WSAPI example of each event type, and the three snapshots', () => {
    const types = new Set(examples.map((event) => event.eventType));
    expect(types).toContain('message');
    expect(types).toContain(SnapshotEventType.Groups);
    expect(types.size).toBeGreaterThanOrEqual(20);
  });

  describe.each(projections.filter((projection) => projection.handles !== EVERY_EVENT_TYPE).map((projection) => [projection.name, projection] as const))('%s', (name, projection) => {
    const handles = projection.handles as readonly string[];

    it('declares only known, canonical event types, each once', () => {
      expect(handles.filter((type) => !KNOWN_EVENT_TYPES.has(type))).toEqual([]);
      expect(new Set(handles).size).toBe(handles.length);
    });

    it('turns the example of every type it declares into changes', () => {
      const declaredExamples = handles.map((type) => MEANINGFUL_VARIANTS[name]?.[type] ?? examples.find((event) => event.eventType === type));
      expect(handles.filter((_type, i) => declaredExamples[i] === undefined)).toEqual([]);
      const withoutChanges = declaredExamples.filter((event) => projection.decode(event!).length === 0).map((event) => event!.eventType);
      expect(withoutChanges).toEqual([]);
    });

    it('makes nothing of the example of every type it does not declare, so skipping those records changes nothing', () => {
      const undeclared = examples.filter((event) => !handles.includes(event.eventType));
      expect(undeclared.length).toBeGreaterThan(0);
      expect(undeclared.filter((event) => projection.decode(event).length > 0).map((event) => event.eventType)).toEqual([]);
    });
  });

  it('sync-state, which declares every type, has changes for every example', () => {
    const syncState = projections.find((projection) => projection.name === 'sync-state')!;
    expect(syncState.handles).toBe(EVERY_EVENT_TYPE);
    expect(examples.filter((event) => syncState.decode(event).length === 0).map((event) => event.eventType)).toEqual([]);
  });

  it('every projection has a positive integer version', () => {
    expect(projections.filter((projection) => !Number.isInteger(projection.version) || projection.version < 1).map((projection) => projection.name)).toEqual([]);
  });
});

describe('decodeBatch and the declared types', () => {
  const record = (offset: number, value: string): KafkaMessage => ({ key: Buffer.from('ins_1'), value: Buffer.from(value), offset: String(offset), timestamp: '1767225600000', attributes: 0, headers: {} }) as KafkaMessage;
  const envelope = (eventType: string, eventData: unknown = {}) => JSON.stringify({ instanceId: 'ins_1', eventType, eventData });
  const decoded: string[] = [];
  const projection: Projection = {
    name: 'probe',
    topics: [],
    tables: [],
    handles: ['chat_push_name'],
    version: 1,
    decode: (event) => {
      decoded.push(event.eventType);
      if (event.eventData.bad) throw new Error('bad payload');
      return [event.eventType];
    },
    apply: async () => undefined,
  };

  it('decodes only the declared types (legacy names included), skips the others without changes, and still dead-letters a broken envelope', async () => {
    const batch = await decodeBatch(projection, 't', 0, [
      record(0, envelope('user_push_name')),
      record(1, envelope('chat_status', { bad: true })),
      record(2, envelope('chat_push_name', { bad: true })),
      record(3, 'not json'),
    ]);
    expect(decoded).toEqual(['chat_push_name', 'chat_push_name']);
    expect(batch.records.map((item) => ('changes' in item ? item.changes : item.poisonReason))).toEqual([
      ['chat_push_name'],
      [],
      'Error: bad payload',
      expect.stringMatching(/^record is not JSON/),
    ]);
  });
});
