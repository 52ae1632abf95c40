import { ChatState, ChatWalk } from './chat-walk';
import { afterPage, afterRequestError, nextPageCount, whilePageMissing } from './walk-steps';

const LIMITS = { pageSize: 100, pageTimeoutMs: 1000, pageRetries: 1 };
const NOW = new Date('2026-01-10T00:00:00Z');

function walk(overrides: Partial<ChatWalk> = {}): ChatWalk {
  return {
    backfillId: 'b', instanceId: 'i', chatId: 'c', state: ChatState.Waiting, anchorId: 'm1', anchorSender: 's', anchorTime: '2026-01-05T00:00:00.000Z',
    pages: 0, messages: 0, requests: 1, oldestTime: null, requestedCount: 100, requestedAt: '2026-01-09T23:59:59.500Z', requestAfterPartition: null,
    requestAfterOffset: null, pageAttempts: 1, errorAttempts: 0, reason: null, until: null, maxMessagesPerChat: null, ...overrides,
  };
}
const page = (messageCount: number, oldestTime = '2026-01-01T00:00:00.000Z') => ({ messageCount, oldestTime, oldestId: 'm0', oldestSender: 'x' });

describe('backfill walk steps', () => {
  it('moves the anchor to the oldest message of a full page and asks again', () => {
    expect(afterPage(walk(), page(100), NOW)).toMatchObject({ state: ChatState.Ready, anchor_id: 'm0', anchor_sender: 'x', pages: 1, messages: 100, oldest_time: '2026-01-01T00:00:00.000Z' });
  });

  it('stops on an empty or short page, at until and at the maximum', () => {
    expect(afterPage(walk(), page(0), NOW)).toMatchObject({ state: ChatState.Done, reason: expect.stringContaining('empty page') });
    expect(afterPage(walk(), page(40), NOW)).toMatchObject({ state: ChatState.Done, reason: expect.stringContaining('short page') });
    expect(afterPage(walk({ until: '2026-01-02T00:00:00Z' }), page(100), NOW)).toMatchObject({ state: ChatState.Done, reason: expect.stringContaining('until') });
    expect(afterPage(walk({ maxMessagesPerChat: 150, messages: 50 }), page(100), NOW)).toMatchObject({ state: ChatState.Done, messages: 150 });
  });

  it('asks for no more than the maximum leaves', () => {
    expect(nextPageCount(walk({ maxMessagesPerChat: 150, messages: 120 }), LIMITS)).toBe(30);
    expect(nextPageCount(walk(), LIMITS)).toBe(100);
  });

  it('waits for a page until the timeout, asks again, then stalls', () => {
    expect(whilePageMissing(walk(), LIMITS, NOW, 200)).toEqual({ next_at: '2026-01-10T00:00:00.200Z' });
    const late = walk({ requestedAt: '2026-01-09T23:59:58.000Z' });
    expect(whilePageMissing(late, LIMITS, NOW, 200)).toMatchObject({ state: ChatState.Ready });
    expect(whilePageMissing({ ...late, pageAttempts: 2 }, LIMITS, NOW, 200)).toMatchObject({ state: ChatState.Stalled, reason: expect.stringContaining('no page arrived') });
  });

  it('retries 429/5xx with backoff and gives up on a refusal', () => {
    expect(afterRequestError(walk(), { retryable: true, message: '429' }, LIMITS, NOW.getTime() + 500)).toMatchObject({ state: ChatState.Ready, error_attempts: 1, page_attempts: 0 });
    expect(afterRequestError(walk({ errorAttempts: 1 }), { retryable: true, message: '503' }, LIMITS, 0)).toMatchObject({ state: ChatState.Stalled });
    expect(afterRequestError(walk(), { retryable: false, message: '409 device not paired' }, LIMITS, 0)).toMatchObject({ state: ChatState.Failed });
  });
});
