import { Agent } from 'node:http';
import { signBody } from '../../src/wsapi/signature';
import { Delivery, SignatureMode } from './faults';
import { keepAliveAgent, postBytes } from './http-post';
import { WEBHOOK_PATH } from '../../src/ingress/webhook-http-handler';

export { WEBHOOK_PATH };

export interface WebhookSenderOptions {
  /** The service's base URL; webhooks go to `<ingressUrl>/webhooks/wsapi`. */
  ingressUrl: string;
  /** The instance's event signing secret (what WSAPI signs its webhooks with). */
  secretFor: (instanceId: string) => string;
  /**
   * Retries after a 503 or a network error. WSAPI documents no retry policy (its open-source
   * server sends once); the simulator retries so that a run's data is complete.
   */
  retries?: number;
  agent?: Agent;
}

export interface DeliveryResult {
  label: string;
  status: number;
  expectedStatus: number;
  attempts: number;
  latencyMs: number;
}

/** Counts of a run's deliveries by label and answer. */
export class DeliveryStats {
  readonly byLabel = new Map<string, Map<number, number>>();
  readonly unexpected: DeliveryResult[] = [];
  delivered = 0;

  record(result: DeliveryResult): void {
    this.delivered += 1;
    const statuses = this.byLabel.get(result.label) ?? new Map<number, number>();
    statuses.set(result.status, (statuses.get(result.status) ?? 0) + 1);
    this.byLabel.set(result.label, statuses);
    if (result.status !== result.expectedStatus) this.unexpected.push(result);
  }

  count(predicate: (label: string, status: number) => boolean): number {
    let total = 0;
    for (const [label, statuses] of this.byLabel) for (const [status, n] of statuses) if (predicate(label, status)) total += n;
    return total;
  }
}

/** Posts deliveries to the ingress as WSAPI does: JSON body, X-Webhook-Signature over the exact bytes. */
export class WebhookSender {
  private readonly url: URL;
  private readonly agent: Agent;
  readonly stats = new DeliveryStats();

  constructor(private readonly options: WebhookSenderOptions) {
    this.url = new URL(WEBHOOK_PATH, options.ingressUrl);
    this.agent = options.agent ?? keepAliveAgent(16);
  }

  async send(delivery: Delivery): Promise<DeliveryResult> {
    const headers = { 'content-type': 'application/json', 'x-instance-id': delivery.instanceId, ...this.signatureHeader(delivery) };
    const started = performance.now();
    const maxAttempts = 1 + (this.options.retries ?? 5);
    let status = 0;
    let attempts = 0;
    while (attempts < maxAttempts) {
      attempts += 1;
      try {
        const response = await postBytes(this.url, delivery.body, headers, this.agent);
        status = response.status;
        if (status !== 503) break;
        await sleep(retryAfterMs(response.headers['retry-after']));
      } catch {
        status = 0; // connection refused or reset: try again
        await sleep(500 * attempts);
      }
    }
    const result = { label: delivery.label, status, expectedStatus: delivery.expectedStatus, attempts, latencyMs: performance.now() - started };
    this.stats.record(result);
    return result;
  }

  /**
   * Sends in the given order. `inFlight` > 1 overlaps requests (WSAPI sending concurrently), which
   * may itself reorder neighbouring events; 1 keeps the order exactly.
   */
  async sendAll(deliveries: Iterable<Delivery>, inFlight = 1): Promise<void> {
    const iterator = deliveries[Symbol.iterator]();
    const worker = async () => {
      for (let next = iterator.next(); !next.done; next = iterator.next()) await this.send(next.value);
    };
    await Promise.all(Array.from({ length: inFlight }, worker));
  }

  close(): void {
    if (!this.options.agent) this.agent.destroy();
  }

  private signatureHeader(delivery: Delivery): Record<string, string> {
    const mode: SignatureMode = delivery.signature;
    if (mode === 'none') return {};
    const secret = this.options.secretFor(delivery.instanceId);
    return { 'x-webhook-signature': signBody(delivery.body, mode === 'valid' ? secret : `${secret}-not-the-secret`) };
  }
}

function retryAfterMs(header: string | string[] | undefined): number {
  const seconds = Number(Array.isArray(header) ? header[0] : header);
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 5) * 1000 : 1000;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
