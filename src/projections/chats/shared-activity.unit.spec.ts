import fc from 'fast-check';
import { MessageActivityDto } from '../../wsapi/payloads/chat-events.dto';
import { example, sourceEvent } from '../chat-common/example-events.spec';
import { validateElement } from '../chat-common/validate-element';
import { InvalidPayloadError } from '../../wsapi/payloads/invalid-payload.error';
import { RowPatch } from '../upsert/table-spec';
import { ChatsProjection } from './chats.projection';
import { ActivityRow, activityPatch, sharedActivityPatches } from './shared-activity';

const PHONE = '15550100201@s.whatsapp.net';
const row: ActivityRow = (message) => (message.isStatus ? null : { id: message.chatId, sender: message.sender?.id ?? null });

/** The reference: every message validated in full (as validatePayload does), then patched. */
function oneByOne(messages: unknown[]): RowPatch[] | 'invalid' {
  try {
    return messages.flatMap((message) => {
      const valid = validateElement(MessageActivityDto, message, 'message');
      const chatRow = row(valid);
      return chatRow ? [activityPatch(chatRow, valid.time)] : [];
    });
  } catch (error) {
    if (error instanceof InvalidPayloadError) return 'invalid';
    throw error;
  }
}

describe('sharedActivityPatches', () => {
  const history = example('message_history_sync').eventData.messages as Record<string, unknown>[];

  it('makes one patch per message, as validating each in full would', () => {
    expect(sharedActivityPatches(history, row)).toEqual(oneByOne(history));
    expect(sharedActivityPatches(history, row)).toHaveLength(3);
  });

  it('gives up on a chunk with any bad message, also one whose other fields equal a valid one’s', () => {
    expect(sharedActivityPatches([...history, { ...history[0], time: 7 }], row)).toBeUndefined();
    expect(sharedActivityPatches([...history, { ...history[0], time: 'yesterday' }], row)).toBeUndefined();
    expect(sharedActivityPatches([...history, { ...history[0], sender: { id: 7 } }], row)).toBeUndefined();
    expect(sharedActivityPatches([...history, null], row)).toBeUndefined();
  });

  it('agrees with validating message by message on any chunk', () => {
    const text = fc.constantFrom('', 'x', PHONE, 'status@broadcast', '2026-02-27T08:00:00Z', '0001-01-01T00:00:00Z', 'soon');
    const value = fc.oneof(text, fc.boolean(), fc.integer({ min: 0, max: 2 }), fc.constant(null));
    const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(fc.oneof(arbitrary, value), { nil: undefined, freq: 2 });
    const sender = fc.record({ id: maybe(text), lid: maybe(text), isMe: maybe(fc.boolean()) }, { requiredKeys: [] });
    const message = fc.record({ chatId: maybe(text), time: maybe(text), sender: maybe(sender), isStatus: maybe(fc.boolean()), isGroup: maybe(fc.boolean()) }, { requiredKeys: [] });
    fc.assert(
      fc.property(fc.array(message, { maxLength: 6 }), (messages) => {
        expect(sharedActivityPatches(messages, row) ?? 'invalid').toEqual(oneByOne(messages));
      }),
      { numRuns: 500 },
    );
  });
});

describe('ChatsProjection history chunk with a bad message', () => {
  const decode = (messages: unknown[]) => new ChatsProjection().decode(sourceEvent('message_history_sync', { chatId: PHONE, messages }));
  const good = { id: 'h1', time: '2026-02-27T08:00:00Z', sender: { id: PHONE } };

  it('names the first bad message and its field, even when its other fields repeat a valid message’s', () => {
    expect(() => decode([good, { ...good, id: 'h2' }, { ...good, id: 'h3', time: 7 }])).toThrow(/^invalid message_history_sync message 2: time: time must be/);
    expect(() => decode([good, { ...good, time: 'soon' }, { ...good, sender: { id: 7 } }])).toThrow('time is not an RFC 3339 time: "soon"');
    expect(() => decode([good, { ...good, sender: { id: 7 } }])).toThrow(/^invalid message_history_sync message 1: sender\.id: /);
  });
});
