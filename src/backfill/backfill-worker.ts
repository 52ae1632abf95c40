import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { nextAttemptAt } from '../history-flush/backoff';
import { EventPublisher } from '../kafka/event-publisher';
import { storedServiceEvent } from '../kafka/service-event';
import { ReplayJobs } from '../replay/replay-jobs.service';
import { EventCategory } from '../wsapi/event-types';
import { WsapiClient, WsapiRequestError } from '../wsapi/wsapi-client';
import { BackfillMetrics } from './backfill-metrics';
import { backfillOutcomeEvent, patchedTotals } from './backfill-outcome';
import { BackfillRepository, ClaimedWalk } from './backfill.repository';
import { ChatState, isTerminal, WalkLimits, WalkPatch } from './chat-walk';
import { afterPage, afterRequestError, nextPageCount, whilePageMissing } from './walk-steps';
import { RateLimiter } from './rate-limiter';
import { HistoryPagesProgress, LogEnds } from './history-pages-progress';
import { PollingLoop } from '../scheduling/polling-loop';

const CLAIM_LIMIT = 20;
/** Longer than one WSAPI call may take (its 30 s timeout): the lease is held only across that call. */
const LEASE_MS = 35_000;
const RETRY_BASE_MS = 1000;
const RETRY_MAX_MS = 60_000;
/** While passes fail (database down) the pause between them doubles up to this. */
const MAX_PAUSE_MS = 10_000;

/** One request of one chat's walk (its attempt number tells a re-request from the first). */
const overdueKey = (walk: ClaimedWalk) => `${walk.backfillId} ${walk.chatId} ${walk.pageAttempts}`;

export const chatMessagesPath = (chatId: string) => `/chats/${encodeURIComponent(chatId)}/messages`;

/**
 * Walks each chat of each running backfill back in time (docs/sync-state.md "Backfill"): anchor on
 * the oldest message, request the next older page, wait until history-pages has projected it,
 * move the anchor, repeat. Every step is written to backfill_chats before it acts — the request
 * row before the WSAPI call — so a restart resumes without asking again for a page that arrived.
 */
@Injectable()
export class BackfillWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(BackfillWorker.name);
  private readonly limiter: RateLimiter;
  private readonly limits: WalkLimits;
  private readonly loop: PollingLoop;
  /** Per overdue request: where the history topic ended when it became overdue (see pageIsLost). */
  private readonly overdue = new Map<string, LogEnds>();

  constructor(
    private readonly config: AppConfig,
    private readonly repository: BackfillRepository,
    private readonly wsapi: WsapiClient,
    private readonly publisher: EventPublisher,
    private readonly replays: ReplayJobs,
    private readonly metrics: BackfillMetrics,
    private readonly historyPages: HistoryPagesProgress,
  ) {
    this.limiter = new RateLimiter(config.BACKFILL_REQUESTS_PER_SECOND_PER_INSTANCE, config.BACKFILL_REQUESTS_PER_SECOND);
    this.limits = { pageSize: config.BACKFILL_PAGE_SIZE, pageTimeoutMs: config.BACKFILL_PAGE_TIMEOUT_MS, pageRetries: config.BACKFILL_PAGE_RETRIES };
    this.loop = new PollingLoop('backfill', () => this.runOnce(), config.BACKFILL_POLL_MS, MAX_PAUSE_MS, this.logger);
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  /** One pass: step every due chat, then publish outcomes a crash left unpublished. */
  async runOnce(): Promise<void> {
    if (this.replays.running) return; // no backfill requests while this process rebuilds read models
    const walks = await this.repository.claimDue(this.config.KAFKA_TOPIC_PREFIX, CLAIM_LIMIT, LEASE_MS);
    await Promise.all(walks.map((walk) => this.step(walk)));
    for (const left of await this.repository.unpublishedOutcomes(this.config.KAFKA_TOPIC_PREFIX, CLAIM_LIMIT)) {
      await this.publish(left.backfillId, left.chatId, left.outcomeEvent);
    }
  }

  /** A waiting chat looks for its page first (counted, or missing past the timeout); a ready one requests. */
  private async step(walk: ClaimedWalk): Promise<void> {
    if (walk.state !== ChatState.Waiting) return this.request(walk);
    const page = await this.repository.answeringPage(walk);
    if (page) {
      this.overdue.delete(overdueKey(walk));
      this.metrics.pages.inc();
      this.metrics.messages.inc(page.messageCount);
    }
    const patch = page ? afterPage(walk, page, new Date()) : whilePageMissing(walk, this.limits, new Date(), this.config.BACKFILL_POLL_MS);
    if (!page && patch.state !== undefined && !(await this.pageIsLost(walk))) {
      return this.save(walk, { next_at: new Date(Date.now() + this.config.BACKFILL_POLL_MS).toISOString() });
    }
    if (patch.state !== ChatState.Ready) return this.save(walk, patch);
    if (!page) this.logger.warn(`backfill page for ${walk.instanceId} ${walk.chatId} did not arrive in time; asking again`);
    const moved = page ? { ...camel(patch), requestedAt: null } : {};
    return this.request({ ...walk, ...moved, state: ChatState.Ready }, patch);
  }

  /**
   * An overdue page is lost only if history-pages has read all that was in Kafka when it became
   * overdue and still has no page for it: until then it may be in Kafka but not projected yet
   * (consumers restarting after a crash wait out the dead member's session), and asking again
   * would fetch it twice. The mark is per process; a restart takes a new one, which only waits longer.
   */
  private async pageIsLost(walk: ClaimedWalk): Promise<boolean> {
    const key = overdueKey(walk);
    let ends = this.overdue.get(key);
    if (!ends) {
      ends = await this.historyPages.logEnds();
      this.overdue.set(key, ends);
    }
    if (!(await this.historyPages.hasRead(ends))) return false;
    // Read up to the mark: one last look, since the page may have been projected just now.
    if (await this.repository.answeringPage(walk)) return false;
    this.overdue.delete(key);
    return true;
  }

  /** `carried`: what the step already decided (a page counted, a timeout), written with the request. */
  private async request(walk: ClaimedWalk, carried: WalkPatch = {}): Promise<void> {
    const now = new Date();
    let anchorPatch: WalkPatch = carried;
    if (walk.anchorId === null) {
      const oldest = await this.repository.oldestMessage(walk.instanceId, walk.chatId);
      if (!oldest) return void (await this.save(walk, { state: ChatState.Done, reason: 'no message of the chat in the read model to anchor on' }));
      anchorPatch = { ...carried, anchor_id: oldest.id, anchor_sender: oldest.sender, anchor_time: oldest.time };
      walk = { ...walk, anchorId: oldest.id, anchorSender: oldest.sender, anchorTime: oldest.time };
    }
    if (!walk.anchorSender) return void (await this.save(walk, { ...anchorPatch, state: ChatState.Failed, reason: `anchor message ${walk.anchorId} has no sender` }));
    const wait = this.limiter.take(walk.instanceId);
    if (wait > 0) return void (await this.save(walk, { ...anchorPatch, next_at: new Date(now.getTime() + wait).toISOString() }));
    const count = nextPageCount(walk, this.limits);
    const after = await this.repository.lastPagePosition(walk.instanceId, walk.chatId);
    const requested: WalkPatch = {
      ...anchorPatch,
      state: ChatState.Waiting,
      requested_at: now.toISOString(),
      requested_count: count,
      request_after_partition: after?.partition ?? null,
      request_after_offset: after?.offset ?? null,
      page_attempts: walk.pageAttempts + 1,
      requests: walk.requests + 1,
      next_at: new Date(now.getTime() + Math.min(this.config.BACKFILL_POLL_MS, this.limits.pageTimeoutMs)).toISOString(),
    };
    // Recorded before it is sent: after a crash the walk waits for (and finds) this page instead of asking twice.
    if (!(await this.repository.save(walk, requested, { keepLease: true }))) return; // cancelled meanwhile
    try {
      await this.wsapi.post(chatMessagesPath(walk.chatId), walk.instanceId, { body: { lastMessageId: walk.anchorId, lastMessageSenderId: walk.anchorSender, count } });
      this.metrics.requests.inc({ outcome: 'accepted' });
      await this.repository.save(walk, {});
    } catch (error) {
      const message = (error as Error).message ?? String(error);
      const retryable = !(error instanceof WsapiRequestError) || error.retryable;
      this.metrics.requests.inc({ outcome: retryable ? 'retryable' : 'rejected' });
      const retryAt = nextAttemptAt(walk.errorAttempts + 1, Date.now(), Number.MAX_SAFE_INTEGER, { baseMs: RETRY_BASE_MS, maxMs: RETRY_MAX_MS })!;
      const sent = { ...walk, pageAttempts: walk.pageAttempts + 1 };
      const patch = afterRequestError(sent, { retryable, message }, this.limits, retryAt);
      this.logger.warn(`backfill request for ${walk.instanceId} ${walk.chatId} failed: ${message}`);
      await this.save(walk, patch);
    }
  }

  /** Writes the step; a walk that ends gets its outcome event in the same row, published after. */
  private async save(walk: ClaimedWalk, patch: WalkPatch): Promise<void> {
    const ends = patch.state !== undefined && isTerminal(patch.state);
    const outcomeEvent = ends ? backfillOutcomeEvent(walk, patch.state!, patchedTotals(walk, patch)) : undefined;
    if (!(await this.repository.save(walk, patch, { outcomeEvent }))) return;
    if (!ends) return;
    this.metrics.chatsEnded.inc({ state: patch.state });
    this.logger.log(`backfill ${walk.backfillId} chat ${walk.chatId} ${patch.state}: ${patch.reason ?? ''}`);
    await this.publish(walk.backfillId, walk.chatId, outcomeEvent!);
    await this.repository.finishIfDone(walk.backfillId);
  }

  /** Not lost on failure: the row stays unpublished and a later pass publishes it. */
  async publish(backfillId: string, chatId: string, outcomeEvent: string): Promise<void> {
    try {
      await this.publisher.publish(storedServiceEvent(outcomeEvent, EventCategory.Session));
      await this.repository.markPublished(backfillId, chatId);
    } catch (error) {
      this.logger.warn(`backfill outcome for ${chatId} not published yet, will retry: ${(error as Error).message}`);
    }
  }
}

/** The walk fields a page moves, from the patch's column names. */
function camel(patch: WalkPatch) {
  return {
    anchorId: patch.anchor_id ?? null,
    anchorSender: patch.anchor_sender ?? null,
    anchorTime: patch.anchor_time ?? null,
    pages: patch.pages!,
    messages: patch.messages!,
    oldestTime: patch.oldest_time ?? null,
    pageAttempts: 0,
    errorAttempts: 0,
  };
}
