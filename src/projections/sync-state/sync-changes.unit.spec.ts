import { SourceEvent } from '../engine/projection';
import { InvalidPayloadError } from '../../wsapi/payloads/invalid-payload.error';
import { decodeSyncEvent, seenFromRecord } from './sync-changes';

const event = (eventType: string, eventData: Record<string, unknown>, eventId: string | null = 'evt_1'): SourceEvent => ({
  topic: 'wsapi.session',
  partition: 2,
  offset: '41',
  instanceId: 'ins_a',
  eventType,
  eventId: eventId ?? undefined,
  eventTime: '2026-03-01T10:00:00.000Z',
  eventData,
});

describe('decodeSyncEvent', () => {
  it('names a cycle after its logged_in event, or the record position when the event has no id', () => {
    expect(decodeSyncEvent(event('logged_in', { deviceId: 'd:1@s.whatsapp.net' }))).toEqual([
      { instanceId: 'ins_a', at: '2026-03-01T10:00:00.000Z', type: 'logged_in', deviceId: 'd:1@s.whatsapp.net', cycleId: 'evt_1' },
    ]);
    expect(decodeSyncEvent(event('logged_in', { deviceId: 'd' }, null))[0]).toMatchObject({ cycleId: 'wsapi.session/2/41' });
  });

  it('reads session events, tolerating a logout without a reason', () => {
    expect(decodeSyncEvent(event('logged_out', {}))[0]).toMatchObject({ type: 'logged_out', reason: null });
    expect(decodeSyncEvent(event('login_error', { id: 'd', error: 'boom' }))[0]).toMatchObject({ type: 'login_error', error: 'boom' });
    expect(decodeSyncEvent(event('initial_sync_finished', {}))[0]).toMatchObject({ type: 'initial_sync_finished', implicitCycleId: 'isf:evt_1' });
  });

  it('counts a history chunk by its chat, or by the chats its messages name (bare or enveloped)', () => {
    expect(decodeSyncEvent(event('message_history_sync', { chatId: 'c1', messages: [{}, {}, {}] }))[0]).toMatchObject({ type: 'history_chunk', chunkKey: 'evt_1', chatIds: ['c1'], messages: 3 });
    const mixed = { messages: [{ chatId: 'c1' }, { chatId: 'c2' }, { eventData: { chatId: 'c2' } }, {}] };
    expect(decodeSyncEvent(event('message_history_sync', mixed))[0]).toMatchObject({ chatIds: ['c1', 'c2'], messages: 4 });
  });

  it('reads our own events and notes snapshots', () => {
    expect(decodeSyncEvent(event('instance_settings', { historySync: true, source: 'admin', eventFilters: null }))[0]).toMatchObject({
      type: 'instance_settings',
      setting: { historySync: true, source: 'admin' },
    });
    expect(decodeSyncEvent(event('history_flush_outcome', { cycleId: 'evt_0', outcome: 'accepted', attempts: 2, calledAt: '2026-03-01T10:00:00.000Z' }))[0]).toMatchObject({
      type: 'history_flush_outcome',
      outcome: { cycleId: 'evt_0', outcome: 'accepted', attempts: 2 },
    });
    expect(decodeSyncEvent(event('groups_snapshot', { items: [] }))).toEqual([{ instanceId: 'ins_a', at: '2026-03-01T10:00:00.000Z', type: 'snapshot' }]);
    expect(decodeSyncEvent(event('message', { id: 'x' }))).toEqual([{ instanceId: 'ins_a', at: '2026-03-01T10:00:00.000Z', type: 'seen' }]);
    expect(decodeSyncEvent(event('snapshot_outcome', { trigger: 'reconcile', outcome: 'rejected', status: 401, error: 'no' }))[0]).toMatchObject({
      type: 'snapshot_outcome',
      outcome: { trigger: 'reconcile', outcome: 'rejected', status: 401 },
    });
  });

  it.each([
    ['logged_in', {}],
    ['login_error', { id: 'd' }],
    ['message_history_sync', { chatId: 'c1' }],
    ['history_flush_outcome', { cycleId: 'c', outcome: 'maybe', attempts: 1 }],
    ['instance_settings', { historySync: 'on', source: 'admin' }],
    ['snapshot_outcome', { trigger: 'cron', outcome: 'taken' }],
  ])('refuses a malformed %s', (type, data) => {
    expect(() => decodeSyncEvent(event(type, data))).toThrow(InvalidPayloadError);
  });
});

describe('seenFromRecord', () => {
  it('names the instance from the record key and its timestamp, without parsing the value', () => {
    const message = { key: Buffer.from('ins_b'), value: Buffer.from('not json at all'), timestamp: String(Date.UTC(2026, 2, 1)), offset: '7', attributes: 0, headers: {} };
    expect(seenFromRecord(message)).toEqual([{ instanceId: 'ins_b', at: '2026-03-01T00:00:00.000Z', type: 'seen' }]);
    expect(seenFromRecord({ ...message, key: null })).toBeUndefined();
  });
});
