import { Chat, SimulatedAccount } from './account';
import { SimulatedEvent } from './account-stream';
import { historyMessages, liveMessages, MessagePayload } from './chat-messages';
import { eventId } from './identifiers';
import { liveTimeline, TimelineOptions } from './live-timeline';
import { randomFor } from './seeded-random';

/** WSAPI splits a chat's history into events of at most this many messages. */
export const MAX_MESSAGES_PER_CHUNK = 500;

export interface HistoryOptions {
  /** The options the live timeline was sent with, so the repeated live messages match it exactly. */
  timeline?: TimelineOptions;
  /** Stamps each chunk's receivedAt as it is produced (the simulator uses the wall clock). */
  receivedAt?: (chunkNumber: number) => string;
  chunkSize?: number;
}

/**
 * What WSAPI sends after POST /session/flush-history (shared/wsapi/README.md §4.2): one
 * `message_history_sync` event per chat, split into chunks of at most 500 messages (so a big
 * chat yields several events with the same chatId), messages not in chronological order, and
 * the most recent live messages repeated (the same message may arrive live and in history).
 * Lazy: chunks are generated as they are consumed.
 */
export function* historyChunks(account: SimulatedAccount, options: HistoryOptions = {}): Generator<SimulatedEvent> {
  const chunkSize = options.chunkSize ?? MAX_MESSAGES_PER_CHUNK;
  const stamp = options.receivedAt ?? ((n: number) => new Date(account.startAt + 3_600_000 + n * 50).toISOString());
  const ids = randomFor(account.seed, 'history-event-ids');
  const liveByChat = account.chats.some((chat) => chat.liveCount > 0) ? overlappingLiveMessages(account, options.timeline) : new Map<string, MessagePayload[]>();
  let chunkNumber = 0;
  for (const chat of account.chats) {
    const messages = deliveryOrder(account, chat, [...historyMessages(account, chat), ...(liveByChat.get(chat.id) ?? [])]);
    for (let start = 0; start < messages.length; start += chunkSize) {
      yield {
        eventId: eventId(ids),
        instanceId: account.instanceId,
        receivedAt: stamp(chunkNumber),
        eventType: 'message_history_sync',
        eventData: { chatId: chat.id, messages: messages.slice(start, start + chunkSize) },
      };
      chunkNumber += 1;
    }
  }
}

/** Newest first in blocks, shuffled within each block: roughly recent-first, never strictly ordered. */
function deliveryOrder(account: SimulatedAccount, chat: Chat, messages: MessagePayload[]): MessagePayload[] {
  const random = randomFor(account.seed, 'history-order', chat.index);
  const newestFirst = [...messages].reverse();
  const ordered: MessagePayload[] = [];
  for (let start = 0; start < newestFirst.length; start += 50) ordered.push(...random.shuffled(newestFirst.slice(start, start + 50)));
  return ordered;
}

/**
 * The last two live base messages of each chat, as the live timeline sent them: WSAPI's history
 * cache is built during the initial sync, so it repeats messages that also arrived live.
 */
function overlappingLiveMessages(account: SimulatedAccount, timeline?: TimelineOptions): Map<string, MessagePayload[]> {
  const liveIds = new Set(account.chats.flatMap((chat) => liveMessages(account, chat).map(({ message }) => `${chat.id} ${message.id}`)));
  const byChat = new Map<string, MessagePayload[]>();
  for (const event of liveTimeline(account, timeline)) {
    if (event.eventType !== 'message') continue;
    const message = event.eventData as MessagePayload;
    if (!liveIds.has(`${message.chatId} ${message.id}`)) continue; // reactions, edits, pins
    byChat.set(message.chatId, [...(byChat.get(message.chatId) ?? []), message].slice(-2));
  }
  return byChat;
}

/** How many messages and chunks a flush delivers, without generating them. */
export function historySize(account: SimulatedAccount, chunkSize = MAX_MESSAGES_PER_CHUNK): { messages: number; chunks: number } {
  let messages = 0;
  let chunks = 0;
  for (const chat of account.chats) {
    const count = chat.historyCount + Math.min(2, chat.liveCount);
    messages += count;
    chunks += Math.ceil(count / chunkSize);
  }
  return { messages, chunks };
}
