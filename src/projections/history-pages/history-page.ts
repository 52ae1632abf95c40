import { SourceEvent } from '../engine/projection';
import { historyMessages } from '../messages/history-chunk';

/** One chat's share of one `message_history_sync` event: what the backfill walk needs to know of a page. */
export interface HistoryPage {
  instance_id: string;
  chat_id: string;
  kafka_partition: number;
  kafka_offset: string;
  event_time: string;
  message_count: number;
  message_ids: string[];
  oldest_time: string | null;
  oldest_id: string | null;
  oldest_sender: string | null;
  newest_time: string | null;
}

/**
 * The pages of a history event, one per chat it carries. An event with `messages: []` is a page
 * too (WSAPI's answer for a chat with nothing older): it names its chat in `chatId`. Messages are
 * compared by time, then id, so "oldest" is the same whatever order the chunk lists them in.
 */
export function historyPages(event: SourceEvent): HistoryPage[] {
  const byChat = new Map<string, { id: string; time: string; sender: string }[]>();
  const chatId = typeof event.eventData.chatId === 'string' && event.eventData.chatId !== '' ? event.eventData.chatId : undefined;
  if (chatId) byChat.set(chatId, []);
  for (const { message } of historyMessages(event.eventData)) {
    const list = byChat.get(message.chatId) ?? [];
    list.push({ id: message.id, time: new Date(message.time).toISOString(), sender: message.sender.id });
    byChat.set(message.chatId, list);
  }
  return [...byChat].map(([chat, messages]) => {
    const sorted = [...messages].sort((a, b) => a.time.localeCompare(b.time) || a.id.localeCompare(b.id));
    const oldest = sorted[0];
    return {
      instance_id: event.instanceId,
      chat_id: chat,
      kafka_partition: event.partition,
      kafka_offset: event.offset,
      event_time: event.eventTime,
      message_count: sorted.length,
      message_ids: sorted.map((message) => message.id),
      oldest_time: oldest?.time ?? null,
      oldest_id: oldest?.id ?? null,
      oldest_sender: oldest?.sender ?? null,
      newest_time: sorted.at(-1)?.time ?? null,
    };
  });
}
