import { SourceEvent } from '../engine/projection';
import { historyPages } from './history-page';

const CHAT = '15550100001@s.whatsapp.net';
const message = (id: string, time: string, extra: Record<string, unknown> = {}) => ({ id, chatId: CHAT, time, sender: { id: '15550100002@s.whatsapp.net' }, ...extra });
const event = (eventData: Record<string, unknown>) =>
  ({ instanceId: 'ins_1', eventType: 'message_history_sync', eventData, partition: 2, offset: '41', eventTime: '2026-03-01T10:00:00.000Z' }) as unknown as SourceEvent;

describe('historyPages', () => {
  it('finds the oldest and newest message whatever the order, ties broken by id', () => {
    const messages = [message('C', '2026-01-02T00:00:00Z'), message('B', '2026-01-01T00:00:00Z'), message('A', '2026-01-01T00:00:00Z')];
    for (const order of [messages, [...messages].reverse()]) {
      expect(historyPages(event({ chatId: CHAT, messages: order }))).toEqual([
        expect.objectContaining({ chat_id: CHAT, message_count: 3, message_ids: ['A', 'B', 'C'], oldest_id: 'A', oldest_time: '2026-01-01T00:00:00.000Z', newest_time: '2026-01-02T00:00:00.000Z', kafka_offset: '41' }),
      ]);
    }
  });

  it('reads wrapped elements (an SDK fixture shape) and skips elements without id, time or sender', () => {
    const wrapped = { eventType: 'message', eventData: message('W', '2026-01-03T00:00:00Z') };
    const pages = historyPages(event({ chatId: CHAT, messages: [wrapped, { id: 'X' }, 'not an object', message('Y', 'not a time')] }));
    expect(pages).toEqual([expect.objectContaining({ message_count: 1, message_ids: ['W'], oldest_id: 'W' })]);
  });

  it('an empty page is a page of its chat', () => {
    expect(historyPages(event({ chatId: CHAT, messages: [] }))).toEqual([
      expect.objectContaining({ chat_id: CHAT, message_count: 0, message_ids: [], oldest_id: null, newest_time: null }),
    ]);
  });
});
