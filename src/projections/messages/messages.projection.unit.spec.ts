import { InvalidPayloadError } from '../../wsapi/payloads/invalid-payload.error';
import { envelopeEvent, exampleEvent, GRACE, INSTANCE, ME, sourceEvent } from './test-events.spec';
import { MessagesProjection } from './messages.projection';

const projection = new MessagesProjection();
const CHAT = '15550100201@s.whatsapp.net';
const RECEIVED = '2026-03-01T10:15:30.123Z';
const rowKey = (id: string, chatId = CHAT) => ({ instance_id: INSTANCE, chat_id: chatId, id, first_seen_at: RECEIVED, updated_at: RECEIVED });

describe('MessagesProjection.decode', () => {
  describe('message', () => {
    it('maps a live text message to a complete base row', () => {
      const event = exampleEvent('message');
      expect(projection.decode(event)).toEqual([
        {
          ...rowKey('3EB0DEMO0001'),
          base_version: `2|${RECEIVED}`,
          source: 'live',
          sender_id: GRACE.id,
          sender_lid: GRACE.lid,
          from_me: false,
          time: '2026-03-01T10:15:00.000Z',
          type: 'text',
          text: 'Are we still on for Friday?',
          media: null,
          has_thumbnail: false,
          reply_to_id: null,
          is_forwarded: false,
          mentions: null,
          raw: event.eventData,
        },
      ]);
    });

    it('keeps the media object but drops base64 thumbnails from media and raw', () => {
      const [row] = projection.decode(
        exampleEvent('message.media', (data) => {
          data.media.jpegThumbnail = '/9j/4AAQSkZJRg==';
          data.extendedText = { title: 'preview', jpegThumbnail: '/9j/4AAQ' };
        }),
      );
      const media = { mediaType: 'image', mimeType: 'image/jpeg', id: 'H4sIdemoMediaToken0002', fileLength: 88211, caption: 'whiteboard', width: 1280, height: 960 };
      expect(row).toMatchObject({ id: '3EB0DEMO0002', type: 'media', text: null, media, has_thumbnail: true });
      expect(row.raw).toMatchObject({ media, extendedText: { title: 'preview' } });
      expect(JSON.stringify(row.raw)).not.toContain('jpegThumbnail');
    });

    it('maps the reply, forward, mention and from-me fields', () => {
      const [row] = projection.decode(
        exampleEvent('message.reply-from-me', (data) => {
          data.isForwarded = true;
          data.mentions = [GRACE.id];
        }),
      );
      expect(row).toMatchObject({ sender_id: ME.id, from_me: true, reply_to_id: '3EB0DEMO0001', is_forwarded: true, mentions: [GRACE.id] });
    });

    it('takes the LID as sender_lid when the sender is known only by LID, and keeps unknown types and fields', () => {
      const [row] = projection.decode(sourceEvent('message', { id: 'M1', time: '2026-03-01T10:15:00Z', chatId: CHAT, sender: { id: GRACE.lid }, type: 'poll', futureField: 1 }));
      expect(row).toMatchObject({ sender_id: GRACE.lid, sender_lid: GRACE.lid, from_me: false, type: 'poll', time: '2026-03-01T10:15:00.000Z', raw: { futureField: 1 } });
    });

    it("uses the envelope's receivedAt when the message time is WSAPI's zero time", () => {
      const [row] = projection.decode(exampleEvent('message', (data) => (data.time = '0001-01-01T00:00:00Z')));
      expect(row.time).toBe(RECEIVED);
    });

    it('turns an edit into edit columns of the original message, and no row of its own', () => {
      expect(projection.decode(exampleEvent('message.edit'))).toEqual([
        { ...rowKey('3EB0DEMO0001'), is_edited: true, edited_text: 'Are we still on for Saturday?', edited_at: '2026-03-01T10:15:00.000Z' },
      ]);
    });

    it("turns a reaction into the target's reaction of that reactor", () => {
      expect(projection.decode(exampleEvent('message.reaction'))).toEqual([
        { ...rowKey('3EB0DEMO0001'), reactions: { [GRACE.id]: { emoji: '👍', at: '2026-03-01T10:15:00.000Z' } } },
      ]);
    });

    it('keeps a removed reaction as an empty emoji', () => {
      const [patch] = projection.decode(exampleEvent('message.reaction', (data) => (data.reaction.emoji = '')));
      expect(patch.reactions).toEqual({ [GRACE.id]: { emoji: '', at: '2026-03-01T10:15:00.000Z' } });
    });

    it('turns a pin or unpin into the pin columns of the target', () => {
      expect(projection.decode(exampleEvent('message.pin'))).toEqual([{ ...rowKey('3EB0DEMO0001'), is_pinned: true, pinned_at: '2026-03-01T10:15:00.000Z' }]);
      expect(projection.decode(exampleEvent('message.pin', (data) => (data.pin.pinned = false)))).toEqual([
        { ...rowKey('3EB0DEMO0001'), is_pinned: false, pinned_at: '2026-03-01T10:15:00.000Z' },
      ]);
    });

    it.each([
      ['an edit without its original', (data: any) => delete data.edit, 'message.edit', /edit: edit should not be null or undefined/],
      ['a reaction without its target', (data: any) => delete data.reaction.messageId, 'message.reaction', /reaction\.messageId/],
      ['a pin without pinned', (data: any) => delete data.pin.pinned, 'message.pin', /pin\.pinned/],
      ['a message without sender id', (data: any) => delete data.sender.id, 'message', /sender\.id/],
      ['a message with a bad time', (data: any) => (data.time = 'yesterday'), 'message', /time must be RFC 3339 date/],
    ])('poisons %s', (_, change, example, reason) => {
      expect(() => projection.decode(exampleEvent(example, change))).toThrow(InvalidPayloadError);
      expect(() => projection.decode(exampleEvent(example, change))).toThrow(reason);
    });
  });

  describe('message_history_sync', () => {
    it('maps every element to a history row', () => {
      const rows = projection.decode(exampleEvent('message_history_sync'));
      expect(rows.map((row) => [row.id, row.source, row.base_version, row.time, row.from_me])).toEqual([
        ['3EB0HIST0001', 'history', `1|${RECEIVED}`, '2026-02-27T08:00:00.000Z', false],
        ['3EB0HIST0002', 'history', `1|${RECEIVED}`, '2026-02-27T08:01:30.000Z', true],
        ['3EB0HIST0003', 'history', `1|${RECEIVED}`, '2026-02-27T08:03:00.000Z', false],
      ]);
      expect(rows[2]).toMatchObject({ type: 'media', media: { filename: 'agenda.pdf', pageCount: 3 } });
    });

    it("accepts elements wrapped in envelopes and takes a missing chatId from the chunk's", () => {
      const bare = { id: 'H1', time: '2026-02-27T08:00:00Z', sender: GRACE, type: 'text', text: 'hi' };
      const wrapped = { eventId: 'evt_x', instanceId: INSTANCE, receivedAt: RECEIVED, eventType: 'message', eventData: { ...bare, id: 'H2', chatId: 'other@g.us' } };
      const rows = projection.decode(sourceEvent('message_history_sync', { chatId: CHAT, messages: [bare, wrapped] }));
      expect(rows.map((row) => [row.chat_id, row.id, row.text])).toEqual([
        [CHAT, 'H1', 'hi'],
        ['other@g.us', 'H2', 'hi'],
      ]);
      expect(rows[0].raw).toEqual({ ...bare, chatId: CHAT });
    });

    it('applies edits and reactions inside a chunk to their targets', () => {
      const edit = { id: 'E1', time: '2026-02-27T09:00:00Z', chatId: CHAT, sender: GRACE, type: 'text', text: 'fixed', isEdit: true, edit: { originalMessageId: 'H1' } };
      const reaction = { id: 'R1', time: '2026-02-27T09:01:00Z', chatId: CHAT, sender: ME, type: 'reaction', reaction: { messageId: 'H1', emoji: '❤️' } };
      const rows = projection.decode(sourceEvent('message_history_sync', { chatId: CHAT, messages: [edit, reaction] }));
      expect(rows).toEqual([
        { ...rowKey('H1'), is_edited: true, edited_text: 'fixed', edited_at: '2026-02-27T09:00:00.000Z' },
        { ...rowKey('H1'), reactions: { [ME.id]: { emoji: '❤️', at: '2026-02-27T09:01:00.000Z' } } },
      ]);
    });

    it('poisons the whole chunk when one element is invalid, naming the element', () => {
      const event = exampleEvent('message_history_sync', (data) => (data.messages[1].sender = 'me'));
      expect(() => projection.decode(event)).toThrow(InvalidPayloadError);
      expect(() => projection.decode(event)).toThrow(/messages\[1\]: sender/);
      expect(() => projection.decode(sourceEvent('message_history_sync', { messages: [null] }))).toThrow(/messages\[0\]: not an object/);
      expect(() => projection.decode(sourceEvent('message_history_sync', { messages: {} }))).toThrow(/messages must be an array/);
    });

    it('poisons an element without chatId in a chunk without chatId', () => {
      expect(() => projection.decode(sourceEvent('message_history_sync', { messages: [{ id: 'H1', time: RECEIVED, sender: GRACE, type: 'text' }] }))).toThrow(/messages\[0\]: chatId/);
    });

    it('maps an empty or absent message list to nothing', () => {
      expect(projection.decode(sourceEvent('message_history_sync', { chatId: CHAT, messages: [] }))).toEqual([]);
      expect(projection.decode(sourceEvent('message_history_sync', { chatId: CHAT }))).toEqual([]);
    });
  });

  describe('message_delete, message_star, message_read', () => {
    it('marks a deleted message', () => {
      expect(projection.decode(exampleEvent('message_delete'))).toEqual([
        { ...rowKey('3EB0DEMO0002'), is_deleted: true, deleted_for_all: true, deleted_at: '2026-03-01T10:17:00.000Z' },
      ]);
      const [forMe] = projection.decode(exampleEvent('message_delete', (data) => Object.assign(data, { isDeletedForAll: undefined, isDeletedForMe: true })));
      expect(forMe).toMatchObject({ is_deleted: true, deleted_for_all: false });
    });

    it('stars and unstars', () => {
      expect(projection.decode(exampleEvent('message_star'))).toEqual([{ ...rowKey('3EB0DEMO0006'), is_starred: true, starred_at: '2026-03-01T10:18:00.000Z' }]);
      expect(projection.decode(exampleEvent('message_star', (data) => (data.isStarred = false)))).toEqual([
        { ...rowKey('3EB0DEMO0006'), is_starred: false, starred_at: '2026-03-01T10:18:00.000Z' },
      ]);
    });

    it.each([
      ['delivered', 'delivered_at'],
      ['read', 'read_at'],
      ['readSelf', 'read_at'],
      ['played', 'played_at'],
    ])('records a %s receipt in %s of every listed message', (receiptType, column) => {
      const event = exampleEvent('message_read', (data) => Object.assign(data, { receiptType, messageIds: ['A', 'B'] }));
      expect(projection.decode(event)).toEqual([
        { ...rowKey('A'), [column]: '2026-03-01T10:16:10.000Z' },
        { ...rowKey('B'), [column]: '2026-03-01T10:16:10.000Z' },
      ]);
    });

    it.each(['retry', 'sender', 'serverError', 'inactive', 'historySync', 'peerMsg', 'toString'])('ignores a %s receipt', (receiptType) => {
      expect(projection.decode(exampleEvent('message_read', (data) => (data.receiptType = receiptType)))).toEqual([]);
    });

    it('ignores a receipt without message ids', () => {
      expect(projection.decode(exampleEvent('message_read', (data) => delete data.messageIds))).toEqual([]);
    });

    it.each([
      ['message_delete', (data: any) => delete data.id, /id must be a string/],
      ['message_star', (data: any) => (data.isStarred = 'yes'), /isStarred must be a boolean/],
      ['message_read', (data: any) => (data.messageIds = [7]), /messageIds/],
    ])('poisons an invalid %s', (example, change, reason) => {
      expect(() => projection.decode(exampleEvent(example, change))).toThrow(reason);
    });
  });

  it('ignores event types it does not project', () => {
    expect(projection.decode(envelopeEvent({ instanceId: INSTANCE, eventType: 'chat_presence', eventData: {} }))).toEqual([]);
  });
});
