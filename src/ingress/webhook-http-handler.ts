import { Injectable } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { AppConfig } from '../config/app-config';
import { errorResponse } from '../http/error-response';
import { MetricsService } from '../metrics/metrics.service';
import { IngressException } from './ingress.exception';
import { readWebhookBody } from './read-webhook-body';
import { AcceptedEvent, WebhookIngressService } from './webhook-ingress.service';

export const WEBHOOK_PATH = '/webhooks/wsapi';

/**
 * WSAPI's webhook target, served on node's own request event ahead of Express and Nest's router.
 * The webhook is the one hot path of the service: without Express's router, Nest's handler chain
 * and pino-http (none of which it needs: no guards, pipes or interceptors) it serves 3.5× the
 * webhooks per second (BENCHMARKS.md). What it does keep: raw bytes (the signature covers them), the same
 * refusals as JSON with an error code, the ingress counter, and one log line per request naming
 * the event it stored (never its content). Its OpenAPI description is in webhook.openapi.ts.
 */
@Injectable()
export class WebhookHttpHandler {
  constructor(
    private readonly ingress: WebhookIngressService,
    private readonly metrics: MetricsService,
    private readonly config: AppConfig,
    @InjectPinoLogger('WebhookIngress') private readonly logger: PinoLogger,
  ) {}

  handles(request: IncomingMessage): boolean {
    if (request.method !== 'POST' || !request.url?.startsWith(WEBHOOK_PATH)) return false;
    const rest = request.url.slice(WEBHOOK_PATH.length);
    return rest === '' || rest === '/' || rest.startsWith('?');
  }

  handle(request: IncomingMessage, response: ServerResponse): void {
    const started = performance.now();
    void this.accept(request).then(
      (accepted) => this.answer(request, response, started, 200, { status: 'accepted', ...accepted }, accepted),
      (error: unknown) => this.refuse(request, response, started, error),
    );
  }

  private async accept(request: IncomingMessage): Promise<AcceptedEvent> {
    const raw = await readWebhookBody(request, this.config.MAX_BODY_BYTES);
    const signature = request.headers['x-webhook-signature'];
    return this.ingress.accept(raw, Array.isArray(signature) ? signature[0] : signature);
  }

  /** The same status codes and body shape as the Nest routes' ErrorFilter (src/http), without Nest. */
  private refuse(request: IncomingMessage, response: ServerResponse, started: number, error: unknown): void {
    const { status, body } = errorResponse(error);
    if (error instanceof IngressException) {
      if (status === 503) response.setHeader('Retry-After', '5');
      // An unread body (too large) is not drained: the connection closes after the answer.
      if (!request.readableEnded) response.setHeader('Connection', 'close');
    } else {
      this.logger.error({ err: error }, 'webhook failed unexpectedly');
    }
    this.answer(request, response, started, status, body);
  }

  private answer(request: IncomingMessage, response: ServerResponse, started: number, status: number, body: object, event?: AcceptedEvent): void {
    const json = JSON.stringify(body);
    if (!response.headersSent && !response.destroyed) {
      response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(json) });
      response.end(json);
    }
    this.metrics.ingressRequests.inc({ status: String(status), event_type: event?.eventType ?? 'none' });
    const level = status >= 500 ? 'error' : 'info';
    if (!this.logger.logger.isLevelEnabled(level)) return; // the hot path builds no log line nobody reads
    const line = {
      req: { method: request.method, url: request.url },
      res: { statusCode: status },
      responseTime: Math.round(performance.now() - started),
      ...(event && { eventId: event.eventId, instanceId: event.instanceId, eventType: event.eventType, topic: event.topic }),
    };
    this.logger[level](line, status >= 500 ? 'request errored' : 'request completed');
  }
}
