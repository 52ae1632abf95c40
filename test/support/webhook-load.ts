import { signBody } from '../../src/wsapi/signature';
import { envelope } from './events';

export interface WebhookAttempt {
  eventId: string;
  /** 0: no answer at all (connection error); the sender cannot know, so it sends again. */
  status: number;
  retryAfter: string | null;
  /** Why there was no answer (status 0), e.g. ECONNRESET or UND_ERR_SOCKET. */
  error?: string;
  startedAt: number;
  endedAt: number;
}

export interface WebhookLoadOptions {
  baseUrl: string;
  secret: string;
  /** Webhooks come from this many instances (the instance is the key: they spread over the partitions). */
  instances: number;
  /** Webhooks in flight at once. */
  concurrency: number;
  /** Distinct webhooks at most (each is retried until 200 or the load stops). */
  maxWebhooks: number;
  /** Pause of a sender between two webhooks: bounds the rate on a slow machine. */
  pauseMs: number;
  /** Pause before a sender retries a webhook answered 503 (WSAPI waits Retry-After; shorter here). */
  retryPauseMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Signed webhooks (distinct event ids) as WSAPI sends them: a refused one (503) is sent again,
 * same bytes, until it is accepted or the load stops. Every attempt is recorded.
 */
export class WebhookLoad {
  readonly attempts: WebhookAttempt[] = [];
  private started = 0;
  private stopping = false;
  private workers: Promise<void>[] = [];

  constructor(private readonly options: WebhookLoadOptions) {}

  start(): this {
    this.workers = Array.from({ length: this.options.concurrency }, () => this.worker());
    return this;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.workers);
  }

  /** Webhooks started so far (distinct event ids). */
  get sent(): number {
    return this.started;
  }

  acceptedSince(time: number): number {
    return this.attempts.filter((a) => a.status === 200 && a.startedAt >= time).length;
  }

  private async worker(): Promise<void> {
    const { baseUrl, secret, instances, maxWebhooks, pauseMs, retryPauseMs } = this.options;
    while (!this.stopping && this.started < maxWebhooks) {
      this.started += 1;
      const n = this.started;
      const eventId = `evt_cluster_${n}`;
      const body = Buffer.from(
        envelope(`ins_load_${n % instances}`, 'message_star', { id: `M${n}`, chatId: 'c@s.whatsapp.net', sender: { id: 'c@s.whatsapp.net' }, time: '2026-03-01T10:00:00Z', isStarred: true }, '2026-03-01T10:00:00Z', eventId),
      );
      for (;;) {
        const attempt = await this.post(eventId, body);
        this.attempts.push(attempt);
        if (attempt.status === 200 || this.stopping) break; // 503 or no answer: send again
        await sleep(retryPauseMs);
      }
      await sleep(pauseMs);
    }
  }

  private async post(eventId: string, body: Buffer): Promise<WebhookAttempt> {
    const startedAt = Date.now();
    try {
      const response = await fetch(`${this.options.baseUrl}/webhooks/wsapi`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-webhook-signature': signBody(body, this.options.secret) },
        body,
      });
      await response.arrayBuffer();
      return { eventId, status: response.status, retryAfter: response.headers.get('retry-after'), startedAt, endedAt: Date.now() };
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      return { eventId, status: 0, retryAfter: null, error: cause?.code ?? cause?.message ?? String(error), startedAt, endedAt: Date.now() };
    }
  }
}

export interface DeliveryCheck {
  sent: number;
  requests: number;
  accepted: number;
  refused: number;
  unanswered: number;
  /** Causes of the unanswered attempts, with counts. */
  unansweredCauses: Record<string, number>;
  found: number;
  duplicates: number;
  /** Answered 200, not in Kafka. */
  lost: string[];
  /** More copies in Kafka than the 503s it got can explain. */
  unexplainedDuplicates: string[];
  otherStatuses: number[];
  refusedWithoutRetryAfter: number;
}

/** Compares what the senders were told with what Kafka holds (event id → copies). */
export function checkDelivery(attempts: WebhookAttempt[], copiesInKafka: Map<string, number>): DeliveryCheck {
  const byEvent = new Map<string, { ok: number; refused: number }>();
  for (const attempt of attempts) {
    const entry = byEvent.get(attempt.eventId) ?? { ok: 0, refused: 0 };
    if (attempt.status === 200) entry.ok += 1;
    if (attempt.status === 503 || attempt.status === 0) entry.refused += 1;
    byEvent.set(attempt.eventId, entry);
  }
  const lost: string[] = [];
  const unexplainedDuplicates: string[] = [];
  for (const [eventId, { ok, refused }] of byEvent) {
    const copies = copiesInKafka.get(eventId) ?? 0;
    if (ok > 0 && copies === 0) lost.push(eventId);
    if (copies > ok + refused) unexplainedDuplicates.push(eventId); // each copy needs an attempt, and a 200 only one
  }
  const strangers = [...copiesInKafka.keys()].filter((id) => !byEvent.has(id));
  return {
    sent: byEvent.size,
    requests: attempts.length,
    accepted: attempts.filter((a) => a.status === 200).length,
    refused: attempts.filter((a) => a.status === 503).length,
    unanswered: attempts.filter((a) => a.status === 0).length,
    unansweredCauses: attempts.filter((a) => a.status === 0).reduce<Record<string, number>>((causes, a) => ({ ...causes, [a.error!]: (causes[a.error!] ?? 0) + 1 }), {}),
    found: [...copiesInKafka.values()].reduce((sum, n) => sum + n, 0),
    duplicates: [...copiesInKafka.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0),
    lost,
    unexplainedDuplicates: [...unexplainedDuplicates, ...strangers],
    otherStatuses: [...new Set(attempts.map((a) => a.status).filter((s) => s !== 200 && s !== 503 && s !== 0))],
    refusedWithoutRetryAfter: attempts.filter((a) => a.status === 503 && !a.retryAfter).length,
  };
}
