import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { MetricsService } from '../metrics/metrics.service';

/** The backfill's Prometheus metrics, on the service's one registry (README "Metrics"). */
@Injectable()
export class BackfillMetrics {
  readonly requests: Counter<'outcome'>;
  readonly pages: Counter<string>;
  readonly messages: Counter<string>;
  readonly chatsEnded: Counter<'state'>;

  constructor(metrics: MetricsService) {
    const registers = [metrics.registry];
    this.requests = new Counter({ name: 'wsapi_backfill_requests_total', help: 'Backfill page requests to WSAPI by outcome: accepted, retryable (429/5xx/network), rejected', labelNames: ['outcome'] as const, registers });
    this.pages = new Counter({ name: 'wsapi_backfill_pages_total', help: 'Backfill pages received (projected history events answering a request)', registers });
    this.messages = new Counter({ name: 'wsapi_backfill_messages_total', help: 'Messages in the backfill pages received', registers });
    this.chatsEnded = new Counter({ name: 'wsapi_backfill_chats_total', help: 'Chat walks that ended, by state: done, stalled, failed, cancelled', labelNames: ['state'] as const, registers });
  }
}
