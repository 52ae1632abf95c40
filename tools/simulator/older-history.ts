import { Chat, SimulatedAccount } from './account';
import { historyMessages, MessagePayload, MessageWriter } from './chat-messages';
import { randomFor } from './seeded-random';

/** Older messages sit this far apart, before the oldest message flush-history delivers. */
const OLDER_STEP_MS = 10 * 60_000;

/**
 * What POST /chats/{chatId}/messages pages through: per chat, `olderCount(chat)` messages older
 * than the flushed history (generated from the chat's own seed, oldest first), then the history.
 * A page is the `count` messages just older than the anchor, newest of them first (WSAPI gives
 * no order), and empty once nothing older is left.
 */
export class OlderHistory {
  private readonly timelines = new Map<string, MessagePayload[]>();

  constructor(
    private readonly account: SimulatedAccount,
    private readonly olderCount: (chat: Chat) => number,
  ) {}

  /** The chat's older messages (the ones only a backfill brings), oldest first. */
  older(chatId: string): MessagePayload[] {
    const chat = this.chat(chatId);
    return chat ? this.timeline(chat).slice(0, this.olderCount(chat)) : [];
  }

  get totalOlder(): number {
    return this.account.chats.reduce((sum, chat) => sum + this.olderCount(chat), 0);
  }

  /** Undefined when the chat or the anchor message is unknown. */
  page(chatId: string, lastMessageId: string, count: number): MessagePayload[] | undefined {
    const chat = this.chat(chatId);
    if (!chat) return undefined;
    const timeline = this.timeline(chat);
    const at = timeline.findIndex((message) => message.id === lastMessageId);
    if (at < 0) return undefined;
    return timeline.slice(Math.max(0, at - count), at).reverse();
  }

  private chat(chatId: string): Chat | undefined {
    return this.account.chats.find((chat) => chat.id === chatId);
  }

  private timeline(chat: Chat): MessagePayload[] {
    let timeline = this.timelines.get(chat.id);
    if (!timeline) {
      const history = historyMessages(this.account, chat);
      const writer = new MessageWriter(this.account, chat, randomFor(this.account.seed, 'older-history', chat.index));
      const count = this.olderCount(chat);
      const before = history.length > 0 ? Date.parse(history[0].time) : this.account.startAt;
      const older = Array.from({ length: count }, (_, n) => writer.next(before - (count - n) * OLDER_STEP_MS));
      timeline = [...older, ...history];
      this.timelines.set(chat.id, timeline);
    }
    return timeline;
  }
}
