/** Where one chat's walk stands (a `backfill_chats` row). */
export enum ChatState {
  /** The next page is to be requested at next_at. */
  Ready = 'ready',
  /** A page was requested and has not been projected yet. */
  Waiting = 'waiting',
  /** Stopped where it should: history exhausted, `until` or the per-chat maximum reached. */
  Done = 'done',
  /** A page never arrived, or WSAPI kept failing, after the retries. */
  Stalled = 'stalled',
  /** WSAPI refused in a way retrying cannot fix (400, 401, 404, 409…). */
  Failed = 'failed',
  Cancelled = 'cancelled',
}

export const ACTIVE_STATES: readonly ChatState[] = [ChatState.Ready, ChatState.Waiting];

export interface ChatWalk {
  backfillId: string;
  instanceId: string;
  chatId: string;
  state: ChatState;
  anchorId: string | null;
  anchorSender: string | null;
  anchorTime: string | null;
  pages: number;
  messages: number;
  requests: number;
  oldestTime: string | null;
  requestedCount: number | null;
  requestedAt: string | null;
  requestAfterPartition: number | null;
  requestAfterOffset: string | null;
  pageAttempts: number;
  errorAttempts: number;
  reason: string | null;
  /** The backfill's limits, joined in. */
  until: string | null;
  maxMessagesPerChat: number | null;
}

/** The columns a step may change, by their names in backfill_chats. */
export type WalkPatch = Partial<{
  state: ChatState;
  anchor_id: string | null;
  anchor_sender: string | null;
  anchor_time: string | null;
  pages: number;
  messages: number;
  requests: number;
  oldest_time: string | null;
  requested_count: number | null;
  requested_at: string | null;
  request_after_partition: number | null;
  request_after_offset: string | null;
  page_attempts: number;
  error_attempts: number;
  next_at: string;
  reason: string | null;
}>;

/** A history page of the chat that answers the outstanding request (from history_pages). */
export interface ReceivedPage {
  messageCount: number;
  oldestTime: string | null;
  oldestId: string | null;
  oldestSender: string | null;
}

export interface WalkLimits {
  pageSize: number;
  pageTimeoutMs: number;
  pageRetries: number;
}

export function isTerminal(state: ChatState): boolean {
  return !ACTIVE_STATES.includes(state);
}
