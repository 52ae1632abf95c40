import { InvalidPayloadError } from '../../wsapi/payloads/invalid-payload.error';
import { example, exampleEvent, sourceEvent } from '../chat-common/example-events.spec';
import { foldPatches } from '../upsert/merge-patches';
import { RowPatch } from '../upsert/table-spec';
import { CHATS_TABLE } from './chats.table';
import { ChatsProjection } from './chats.projection';

const AT = '2026-03-01T10:15:30.123Z';
const PHONE = '15550100201@s.whatsapp.net';
const LID = '88000000201@lid';
const GROUP = '120363099887766554@g.us';
const key = (id: string, lid: string | null = null, isGroup = false) => ({ instance_id: 'ins_demo0001', id, lid, is_group: isGroup, updated_at: AT });

describe('ChatsProjection.decode', () => {
  const projection = new ChatsProjection();
  const decode = (eventType: string, eventData: Record<string, unknown>) => projection.decode(sourceEvent(eventType, eventData, AT));

  describe('chat_setting: one block, versioned by receivedAt (the event has no time of its own)', () => {
    it('maps the mute example, end time normalized', () => {
      expect(projection.decode(exampleEvent('chat_setting'))).toEqual([
        { ...key(PHONE), is_muted: true, mute_end_time: '2026-03-02T10:15:30.000Z', mute_at: AT },
      ]);
    });

    it('maps the archive example of a group chat', () => {
      expect(projection.decode(exampleEvent('chat_setting.archive'))).toEqual([{ ...key(GROUP, null, true), is_archived: true, archive_at: AT }]);
    });

    it.each([
      ['pin', { pin: { isPinned: false } }, { is_pinned: false, pin_at: AT }],
      ['read', { read: { isRead: true } }, { is_read: true, read_at: AT }],
      ['ephemeral', { ephemeral: { expiration: '7d' } }, { ephemeral_expiration: 604800, ephemeral_at: AT }],
      ['ephemeral', { ephemeral: { expiration: 'off' } }, { ephemeral_expiration: 0, ephemeral_at: AT }],
      ['mute', { mute: { isMuted: false, muteEndTime: '0001-01-01T00:00:00Z' } }, { is_muted: false, mute_end_time: null, mute_at: AT }],
    ])('maps %s %j', (settingType, block, columns) => {
      expect(decode('chat_setting', { id: PHONE, settingType, ...block })).toEqual([{ ...key(PHONE), ...columns }]);
    });

    // The open-source server (wsapi-app) sends muteEndTime in whole Unix seconds (corpus README,
    // "Differences between WSAPI's own sources"); 0 and -1 (not set, muted forever) are no end time.
    it.each([
      [1747702304, '2025-05-20T00:51:44.000Z'],
      [0, null],
      [-1, null],
    ])('accepts muteEndTime %j in whole seconds', (muteEndTime, endTime) => {
      expect(decode('chat_setting', { id: PHONE, settingType: 'mute', mute: { isMuted: true, muteEndTime } })).toEqual([{ ...key(PHONE), is_muted: true, mute_end_time: endTime, mute_at: AT }]);
      expect(decode('chats_snapshot', { items: [{ id: PHONE, isMuted: true, muteEndTime }] })).toEqual([
        { ...key(PHONE), name: null, name_at: AT, last_activity: null, is_muted: true, mute_end_time: endTime, mute_at: AT },
      ]);
    });

    it('keeps a LID-keyed chat as its own LID (the upsert re-keys it once the phone JID is known)', () => {
      expect(decode('chat_setting', { id: LID, settingType: 'pin', pin: { isPinned: true } })).toEqual([{ ...key(LID, LID), is_pinned: true, pin_at: AT }]);
    });

    it('ignores a setting type it does not know', () => {
      expect(decode('chat_setting', { id: PHONE, settingType: 'lock', lock: { isLocked: true } })).toEqual([]);
    });

    it.each([
      ['the named block is missing', { id: PHONE, settingType: 'mute', pin: { isPinned: true } }, /has no mute block/],
      ['the block is mistyped', { id: PHONE, settingType: 'pin', pin: { isPinned: 'yes' } }, /pin\.isPinned/],
      ['the id is missing', { settingType: 'pin', pin: { isPinned: true } }, /id/],
      ['the timer is unknown', { id: PHONE, settingType: 'ephemeral', ephemeral: { expiration: 'forever' } }, /ephemeral expiration/],
      ['the end time is not a time', { id: PHONE, settingType: 'mute', mute: { isMuted: true, muteEndTime: 'tomorrow' } }, /muteEndTime/],
      ['the end time is neither a time nor seconds', { id: PHONE, settingType: 'mute', mute: { isMuted: true, muteEndTime: true } }, /muteEndTime/],
    ])('is poison when %s', (_, data, reason) => {
      expect(() => decode('chat_setting', data)).toThrow(InvalidPayloadError);
      expect(() => decode('chat_setting', data)).toThrow(reason);
    });
  });

  describe('chat_picture', () => {
    it('maps the example and learns the LID from the sender, who is the chat', () => {
      expect(projection.decode(exampleEvent('chat_picture'))).toEqual([{ ...key(PHONE, LID), picture_id: '1740000000', picture_at: AT }]);
    });

    it('accepts the legacy user_picture name, and an empty pictureId means removed', () => {
      expect(decode('user_picture', { id: GROUP, sender: { id: PHONE, lid: LID }, pictureId: '' })).toEqual([{ ...key(GROUP, null, true), picture_id: null, picture_at: AT }]);
    });
  });

  describe('message activity', () => {
    it('maps the live message example to last_message_at, keyed by the sender who is the chat', () => {
      expect(projection.decode(exampleEvent('message'))).toEqual([{ ...key(PHONE, LID), last_message_at: '2026-03-01T10:15:00.000Z' }]);
    });

    it('re-keys a LID chat to the phone JID of its other party', () => {
      const data = { id: 'm1', time: '2026-03-01T10:00:00Z', chatId: LID, sender: { id: PHONE, lid: LID, isMe: false }, type: 'text' };
      expect(decode('message', data)).toEqual([{ ...key(PHONE, LID), last_message_at: '2026-03-01T10:00:00.000Z' }]);
    });

    it('keys by the chat id when the message is from this account or in a group', () => {
      const mine = { id: 'm1', time: '2026-03-01T10:00:00Z', chatId: LID, sender: { id: '15550100200@s.whatsapp.net', isMe: true }, type: 'text' };
      const inGroup = { id: 'm2', time: '2026-03-01T10:00:00Z', chatId: GROUP, sender: { id: PHONE, lid: LID }, isGroup: true, type: 'text' };
      expect(decode('message', mine)).toEqual([{ ...key(LID, LID), last_message_at: '2026-03-01T10:00:00.000Z' }]);
      expect(decode('message', inGroup)).toEqual([{ ...key(GROUP, null, true), last_message_at: '2026-03-01T10:00:00.000Z' }]);
    });

    it('creates no chat for status updates', () => {
      expect(decode('message', { id: 's1', time: '2026-03-01T10:00:00Z', chatId: 'status@broadcast', sender: { id: PHONE }, isStatus: true, type: 'text' })).toEqual([]);
    });

    it('is poison without a time or with one that is not a time', () => {
      expect(() => decode('message', { id: 'm1', chatId: PHONE, sender: { id: PHONE }, type: 'text' })).toThrow(/time/);
      expect(() => decode('message', { id: 'm1', time: 'yesterday', chatId: PHONE, sender: { id: PHONE }, type: 'text' })).toThrow(/time is not an RFC 3339 time/);
    });

    it('maps every history message, and the fold keeps the newest per chat whatever their order', () => {
      const patches = projection.decode(exampleEvent('message_history_sync'));
      expect(patches).toHaveLength(3);
      const folded = foldPatches(CHATS_TABLE, patches);
      expect(folded).toHaveLength(1);
      expect(folded[0]).toMatchObject({ ...key(PHONE, LID), last_message_at: '2026-02-27T08:03:00.000Z' });
    });

    it('accepts history messages wrapped in envelopes and without their own chatId', () => {
      const wrapped = { eventType: 'message', eventData: { id: 'h1', time: '2026-02-27T08:00:00Z', sender: { id: '15550100200@s.whatsapp.net', isMe: true }, type: 'text' } };
      expect(decode('message_history_sync', { chatId: PHONE, messages: [wrapped] })).toEqual([{ ...key(PHONE), last_message_at: '2026-02-27T08:00:00.000Z' }]);
    });

    it('names the bad element of a poison history chunk', () => {
      expect(() => decode('message_history_sync', { chatId: PHONE, messages: [{ id: 'h1', time: '2026-02-27T08:00:00Z' }, { id: 'h2', time: 7 }] })).toThrow(/message 1: time/);
      expect(() => decode('message_history_sync', { chatId: PHONE, messages: [null] })).toThrow(/message 0: not an object/);
      expect(() => decode('message_history_sync', { chatId: PHONE })).toThrow(/messages must be an array/);
    });
  });

  describe('chats snapshot', () => {
    it('maps GET /chats: every reported block at the fetch time, the best name, no guess for missing flags', () => {
      expect(decode('chats_snapshot', { items: example<unknown[]>('rest-chats') })).toEqual([
        {
          ...key(PHONE, LID),
          name: 'Grace Hopper',
          name_at: AT,
          last_activity: '2026-03-01T10:18:00.000Z',
          is_archived: false,
          archive_at: AT,
          is_pinned: true,
          pin_at: AT,
          is_muted: true,
          mute_end_time: '2026-03-02T10:15:30.000Z',
          mute_at: AT,
        },
        {
          ...key(GROUP, null, true),
          name: null,
          name_at: AT,
          last_activity: '2026-03-01T10:25:00.000Z',
          is_archived: true,
          archive_at: AT,
          is_pinned: false,
          pin_at: AT,
          is_muted: false,
          mute_end_time: null,
          mute_at: AT,
        },
      ]);
      expect(decode('chats_snapshot', { items: [{ id: PHONE, pushName: 'Grace' }] })).toEqual([{ ...key(PHONE), name: 'Grace', name_at: AT, last_activity: null }]);
    });

    it('is poison as a whole when one item is invalid', () => {
      expect(() => decode('chats_snapshot', { items: [{ id: PHONE }, { id: 5 }] })).toThrow(/chats snapshot item 1: id/);
      expect(() => decode('chats_snapshot', {})).toThrow(/items/);
      expect(() => decode('chats_snapshot', { items: [5] })).toThrow(/item 0: not an object/);
    });
  });

  it('ignores the other events of its topics', () => {
    expect(projection.decode(exampleEvent('chat_push_name'))).toEqual([]);
    expect(projection.decode(exampleEvent('message_read'))).toEqual([]);
  });
});

describe('chats merge rules', () => {
  const setting = (at: string, columns: RowPatch): RowPatch => ({ instance_id: 'i', id: PHONE, lid: null, is_group: false, updated_at: at, ...columns });
  const patches: RowPatch[] = [
    setting('2026-03-01T10:00:02.000Z', { is_muted: true, mute_end_time: '2026-03-02T00:00:00.000Z', mute_at: '2026-03-01T10:00:02.000Z' }),
    setting('2026-03-01T10:00:05.000Z', { is_muted: false, mute_end_time: null, mute_at: '2026-03-01T10:00:05.000Z' }),
    setting('2026-03-01T10:00:01.000Z', { is_pinned: true, pin_at: '2026-03-01T10:00:01.000Z' }),
    setting('2026-03-01T10:00:09.000Z', { is_pinned: false, is_archived: true, is_muted: true, pin_at: '2026-03-01T10:00:09.000Z', archive_at: '2026-03-01T10:00:09.000Z', mute_at: '2026-03-01T10:00:04.000Z', mute_end_time: null }),
    setting('2026-03-01T10:00:03.000Z', { lid: LID, last_message_at: '2026-03-01T09:00:00.000Z' }),
    setting('2026-03-01T10:00:04.000Z', { last_message_at: '2026-03-01T09:30:00.000Z' }),
    // A second LID for the same phone JID (the corpus' GET /chats body and its events disagree):
    // the smaller one is kept, whichever came first.
    setting('2026-03-01T10:00:06.000Z', { lid: '99000000201@lid' }),
  ];

  it('give the same row for every arrival order (each block by its own version)', () => {
    const results = permutations(patches).map((order) => foldPatches(CHATS_TABLE, order));
    for (const result of results) expect(result).toEqual(results[0]);
    expect(results[0][0]).toMatchObject({ is_muted: false, mute_end_time: null, is_pinned: false, is_archived: true, lid: LID, last_message_at: '2026-03-01T09:30:00.000Z', updated_at: '2026-03-01T10:00:09.000Z' });
  });
});

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, index) => permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]));
}
