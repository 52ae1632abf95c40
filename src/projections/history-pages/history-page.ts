import { SourceEvent } from '../engine/projection';
import { isJsonObject } from '../messages/json-object';

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

/** What a page needs of one message: no validation of the rest (the messages projection does that). */
interface PageMessage {
  id: string;
  timeMs: number;
  sender: string;
}

/**
 * The pages of a history event, one per chat it carries. An event with `messages: []` is a page
 * too (WSAPI's answer for a chat with nothing older): it names its chat in `chatId`. Messages are
 * compared by time, then id, so "oldest" is the same whatever order the chunk lists them in.
 *
 * Only id, time, sender and chat are read, without class-validator: this runs on every history
 * chunk beside the messages projection, and validating each message twice cost a quarter of the
 * history projection's throughput (BENCHMARKS.md). An element without them is not counted; if it
 * is invalid, the messages projection dead-letters the chunk with the reason.
 */
export function historyPages(event: SourceEvent): HistoryPage[] {
  const byChat = new Map<string, PageMessage[]>();
  const chatId = typeof event.eventData.chatId === 'string' && event.eventData.chatId !== '' ? event.eventData.chatId : undefined;
  if (chatId) byChat.set(chatId, []);
  const elements = Array.isArray(event.eventData.messages) ? (event.eventData.messages as unknown[]) : [];
  for (const element of elements) {
    const found = pageMessage(element, chatId);
    if (!found) continue;
    const list = byChat.get(found.chatId) ?? [];
    list.push(found.message);
    byChat.set(found.chatId, list);
  }
  return [...byChat].map(([chat, messages]) => {
    let oldest = messages[0];
    let newest = messages[0];
    for (const message of messages) {
      if (isBefore(message, oldest)) oldest = message;
      if (isBefore(newest, message)) newest = message;
    }
    return {
      instance_id: event.instanceId,
      chat_id: chat,
      kafka_partition: event.partition,
      kafka_offset: event.offset,
      event_time: event.eventTime,
      message_count: messages.length,
      message_ids: [...messages].sort((a, b) => (isBefore(a, b) ? -1 : isBefore(b, a) ? 1 : 0)).map((message) => message.id),
      oldest_time: oldest ? new Date(oldest.timeMs).toISOString() : null,
      oldest_id: oldest?.id ?? null,
      oldest_sender: oldest?.sender ?? null,
      newest_time: newest ? new Date(newest.timeMs).toISOString() : null,
    };
  });
}

function isBefore(a: PageMessage, b: PageMessage): boolean {
  return a.timeMs < b.timeMs || (a.timeMs === b.timeMs && a.id < b.id);
}

/** A bare message payload, or one wrapped in an event envelope (an SDK fixture's shape), as history-chunk.ts accepts. */
function pageMessage(element: unknown, chatId: string | undefined): { chatId: string; message: PageMessage } | undefined {
  if (!isJsonObject(element)) return undefined;
  const payload = element.id === undefined && isJsonObject(element.eventData) ? element.eventData : element;
  const sender = isJsonObject(payload.sender) ? payload.sender.id : undefined;
  const chat = typeof payload.chatId === 'string' && payload.chatId !== '' ? payload.chatId : chatId;
  const timeMs = typeof payload.time === 'string' || typeof payload.time === 'number' ? new Date(payload.time).getTime() : NaN;
  if (typeof payload.id !== 'string' || typeof sender !== 'string' || chat === undefined || !Number.isFinite(timeMs)) return undefined;
  return { chatId: chat, message: { id: payload.id, timeMs, sender } };
}
