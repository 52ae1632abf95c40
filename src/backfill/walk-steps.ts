import { ChatState, ChatWalk, ReceivedPage, WalkLimits, WalkPatch } from './chat-walk';

/** How many messages the next request asks for: a page, or what is left of the per-chat maximum. */
export function nextPageCount(walk: ChatWalk, limits: WalkLimits): number {
  if (walk.maxMessagesPerChat === null) return limits.pageSize;
  return Math.max(1, Math.min(limits.pageSize, walk.maxMessagesPerChat - walk.messages));
}

/**
 * The requested page was projected: count it, move the anchor to its oldest message, and stop when
 * the history is exhausted (an empty or short page), `until` is reached or the maximum is.
 */
export function afterPage(walk: ChatWalk, page: ReceivedPage, now: Date): WalkPatch {
  const messages = walk.messages + page.messageCount;
  const oldestTime = earliest(walk.oldestTime, page.oldestTime);
  const counted: WalkPatch = { pages: walk.pages + 1, messages, oldest_time: oldestTime, page_attempts: 0, error_attempts: 0, requested_at: null, next_at: now.toISOString() };
  if (page.messageCount === 0 || page.oldestId === null) return { ...counted, state: ChatState.Done, reason: 'history exhausted: empty page' };
  const moved: WalkPatch = { ...counted, anchor_id: page.oldestId, anchor_sender: page.oldestSender, anchor_time: page.oldestTime };
  const stop = stopReason(walk, page, messages, oldestTime);
  return stop ? { ...moved, state: ChatState.Done, reason: stop } : { ...moved, state: ChatState.Ready, reason: null };
}

function stopReason(walk: ChatWalk, page: ReceivedPage, messages: number, oldestTime: string | null): string | undefined {
  if (walk.requestedCount !== null && page.messageCount < walk.requestedCount) return `history exhausted: short page (${page.messageCount} of ${walk.requestedCount})`;
  if (walk.until !== null && oldestTime !== null && Date.parse(oldestTime) <= Date.parse(walk.until)) return `reached until ${walk.until}`;
  if (walk.maxMessagesPerChat !== null && messages >= walk.maxMessagesPerChat) return `reached maxMessagesPerChat ${walk.maxMessagesPerChat}`;
  return undefined;
}

/**
 * No page yet. Before BACKFILL_PAGE_TIMEOUT_MS: look again later. After it: ask again for the same
 * page, up to BACKFILL_PAGE_RETRIES times; then the chat is stalled with the reason.
 */
export function whilePageMissing(walk: ChatWalk, limits: WalkLimits, now: Date, pollMs: number): WalkPatch {
  const requestedAt = walk.requestedAt === null ? now.getTime() : Date.parse(walk.requestedAt);
  const timeoutAt = requestedAt + limits.pageTimeoutMs;
  if (now.getTime() < timeoutAt) return { next_at: new Date(Math.min(timeoutAt, now.getTime() + pollMs)).toISOString() };
  if (walk.pageAttempts > limits.pageRetries) {
    return { state: ChatState.Stalled, reason: `no page arrived after ${walk.pageAttempts} request(s), ${limits.pageTimeoutMs} ms each (anchor ${walk.anchorId})` };
  }
  return { state: ChatState.Ready, next_at: now.toISOString() };
}

/** WSAPI answered a request with an error: retry 429/5xx/network with backoff, give up on the rest. */
export function afterRequestError(walk: ChatWalk, error: { retryable: boolean; message: string }, limits: WalkLimits, retryAt: number): WalkPatch {
  // The request did not go out as a page request, so it does not count towards the page's attempts.
  const back: WalkPatch = { requested_at: null, page_attempts: Math.max(0, walk.pageAttempts - 1) };
  if (!error.retryable) return { ...back, state: ChatState.Failed, reason: `WSAPI refused: ${error.message}` };
  const errors = walk.errorAttempts + 1;
  if (errors > limits.pageRetries) return { ...back, error_attempts: errors, state: ChatState.Stalled, reason: `WSAPI kept failing (${errors} attempts): ${error.message}` };
  return { ...back, error_attempts: errors, state: ChatState.Ready, next_at: new Date(retryAt).toISOString(), reason: error.message };
}

function earliest(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return Date.parse(a) <= Date.parse(b) ? a : b;
}
