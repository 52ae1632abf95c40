import { foldPatches } from '../upsert/merge-patches';
import { RowPatch } from '../upsert/table-spec';
import { MessagesProjection } from './messages.projection';
import { MESSAGES_TABLE } from './messages.table';
import { GRACE, ME, sourceEvent } from './test-events.spec';

const projection = new MessagesProjection();
const CHAT = '15550100201@s.whatsapp.net';
const at = (minute: number) => `2026-03-01T10:${String(minute).padStart(2, '0')}:00.000Z`;

const original = { id: 'M1', time: at(15), chatId: CHAT, sender: GRACE, isGroup: false, type: 'text', text: 'Friday?' };
const targeting = (id: string, minute: number, sender: object, fields: object) => ({ id, time: at(minute), chatId: CHAT, sender, type: 'text', ...fields });
const reaction = (id: string, minute: number, sender: object, emoji: string) => targeting(id, minute, sender, { type: 'reaction', reaction: { messageId: 'M1', emoji } });

/** Every kind of change to one message, each event received at a different time. */
const EVENTS = [
  sourceEvent('message', original, '2026-03-01T10:15:01.000Z'),
  sourceEvent('message', original, '2026-03-01T10:15:02.000Z'), // a duplicate delivery
  sourceEvent('message_history_sync', { chatId: CHAT, messages: [{ ...original, text: 'Friday? (history copy)' }] }, '2026-03-01T12:00:00.000Z'),
  sourceEvent('message', targeting('E1', 20, GRACE, { text: 'Saturday?', isEdit: true, edit: { originalMessageId: 'M1' } }), '2026-03-01T10:20:01.000Z'),
  sourceEvent('message', targeting('E2', 25, GRACE, { text: 'Sunday?', isEdit: true, edit: { originalMessageId: 'M1' } }), '2026-03-01T10:25:01.000Z'),
  sourceEvent('message', reaction('R1', 16, GRACE, '👍'), '2026-03-01T10:16:01.000Z'),
  sourceEvent('message', reaction('R2', 17, GRACE, '❤️'), '2026-03-01T10:17:01.000Z'),
  sourceEvent('message', reaction('R3', 18, GRACE, ''), '2026-03-01T10:18:01.000Z'),
  sourceEvent('message', reaction('R4', 19, ME, '😂'), '2026-03-01T10:19:01.000Z'),
  sourceEvent('message', targeting('P1', 40, ME, { type: 'pinInChat', pin: { messageId: 'M1', pinned: true } }), '2026-03-01T10:40:01.000Z'),
  sourceEvent('message', targeting('P0', 35, ME, { type: 'pinInChat', pin: { messageId: 'M1', pinned: false } }), '2026-03-01T10:35:01.000Z'),
  sourceEvent('message_star', { id: 'M1', chatId: CHAT, sender: ME, time: at(30), isStarred: true }, '2026-03-01T10:30:01.000Z'),
  sourceEvent('message_star', { id: 'M1', chatId: CHAT, sender: ME, time: at(31), isStarred: false }, '2026-03-01T10:31:01.000Z'),
  sourceEvent('message_delete', { id: 'M1', chatId: CHAT, sender: GRACE, time: at(50), isDeletedForAll: true }, '2026-03-01T10:50:01.000Z'),
  sourceEvent('message_delete', { id: 'M1', chatId: CHAT, sender: GRACE, time: at(55), isDeletedForMe: true }, '2026-03-01T10:55:01.000Z'),
  sourceEvent('message_read', { chatId: CHAT, sender: ME, messageIds: ['M1'], time: at(17), receiptType: 'read' }, '2026-03-01T10:17:02.000Z'),
  sourceEvent('message_read', { chatId: CHAT, sender: ME, messageIds: ['M1'], time: at(16), receiptType: 'delivered' }, '2026-03-01T10:16:02.000Z'),
  sourceEvent('message_read', { chatId: CHAT, sender: ME, messageIds: ['M1'], time: at(21), receiptType: 'readSelf' }, '2026-03-01T10:21:02.000Z'),
];

const EXPECTED_ROW = {
  instance_id: 'ins_demo0001',
  chat_id: CHAT,
  id: 'M1',
  base_version: '2|2026-03-01T10:15:02.000Z',
  source: 'live',
  sender_id: GRACE.id,
  from_me: false,
  time: at(15),
  type: 'text',
  text: 'Friday?',
  raw: original,
  is_edited: true,
  edited_text: 'Sunday?',
  edited_at: at(25),
  is_deleted: true,
  deleted_for_all: true,
  deleted_at: at(50),
  is_starred: false,
  starred_at: at(31),
  is_pinned: true,
  pinned_at: at(40),
  reactions: { [GRACE.id]: { emoji: '', at: at(18) }, [ME.id]: { emoji: '😂', at: at(19) } },
  delivered_at: at(16),
  read_at: at(17),
  played_at: null,
  first_seen_at: '2026-03-01T10:15:01.000Z',
  updated_at: '2026-03-01T12:00:00.000Z',
};

/** A reproducible shuffle (mulberry32), so a failing order can be replayed. */
function shuffled<T>(items: T[], seed: number): T[] {
  const copy = [...items];
  let state = seed;
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

const foldEvents = (events: typeof EVENTS): RowPatch[] => foldPatches(MESSAGES_TABLE, events.flatMap((event) => projection.decode(event)));

describe('messages merge rules', () => {
  it('fold every kind of change into one row with the newest state', () => {
    expect(foldEvents(EVENTS)).toEqual([expect.objectContaining(EXPECTED_ROW)]);
  });

  it.each(Array.from({ length: 50 }, (_, seed) => seed))('give the same row in any arrival order (shuffle %i)', (seed) => {
    expect(foldEvents(shuffled(EVENTS, seed))).toEqual([expect.objectContaining(EXPECTED_ROW)]);
  });

  it('complete a row created by an edit when the original arrives later', () => {
    const [editFirst] = foldEvents([EVENTS[3], EVENTS[0]]);
    expect(editFirst).toMatchObject({ text: 'Friday?', source: 'live', is_edited: true, edited_text: 'Saturday?', first_seen_at: '2026-03-01T10:15:01.000Z' });
  });

  it('keep a history-only message as history, and let a live copy take over', () => {
    const historyCopy = EVENTS[2];
    expect(foldEvents([historyCopy])).toEqual([expect.objectContaining({ source: 'history', text: 'Friday? (history copy)', base_version: '1|2026-03-01T12:00:00.000Z' })]);
    expect(foldEvents([historyCopy, EVENTS[0]])).toEqual([expect.objectContaining({ source: 'live', text: 'Friday?' })]);
  });
});
