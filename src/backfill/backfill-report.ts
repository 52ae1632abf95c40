import { ChatState } from './chat-walk';

/** One chat of a backfill as GET /admin/backfills/:id and the CLI show it. */
export interface ChatProgress {
  chatId: string;
  state: ChatState;
  pages: number;
  messages: number;
  requests: number;
  oldestTimeReached: string | null;
  reason: string | null;
}

/** A backfill with its totals and chats. */
export interface BackfillReport {
  backfillId: string;
  instanceId: string;
  state: string;
  createdAt: string | Date;
  totals: { chats: number; pages: number; messages: number; requests: number; ready: number; waiting: number };
  chats: ChatProgress[];
}
