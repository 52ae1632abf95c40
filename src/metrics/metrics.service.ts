import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** From a few milliseconds (a webhook, a small batch) to seconds (an outage, a history chunk). */
const LATENCY_BUCKETS_SECONDS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Brings gauges whose value lives elsewhere (consumer lag) up to date before a scrape. */
export type MetricsCollector = () => Promise<void>;

/**
 * Every Prometheus metric the service exports, on one registry (README "Metrics" lists them).
 * Gauges whose value lives elsewhere are filled by collectors their owners register at start.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private readonly collectors: MetricsCollector[] = [];

  readonly ingressRequests = new Counter({
    name: 'wsapi_ingress_requests_total',
    help: 'Webhook requests by HTTP status and event type',
    labelNames: ['status', 'event_type'] as const,
    registers: [this.registry],
  });

  readonly publishDuration = new Histogram({
    name: 'wsapi_publish_duration_seconds',
    help: 'Time from asking Kafka to store an event until acks=all (or failure)',
    labelNames: ['outcome'] as const,
    buckets: LATENCY_BUCKETS_SECONDS,
    registers: [this.registry],
  });

  readonly projectedEvents = new Counter({
    name: 'wsapi_projection_events_total',
    help: 'Events handled by each projection: applied, skipped (already covered by the checkpoint or not theirs), dead_lettered',
    labelNames: ['projection', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly batchDuration = new Histogram({
    name: 'wsapi_projection_batch_duration_seconds',
    help: 'Time a projection takes for one partition batch: decoding plus its Postgres transaction (retries included)',
    labelNames: ['projection'] as const,
    buckets: LATENCY_BUCKETS_SECONDS,
    registers: [this.registry],
  });

  readonly deadLetters = new Counter({
    name: 'wsapi_dlq_records_total',
    help: 'Records sent to the dead-letter topic, by projection',
    labelNames: ['projection'] as const,
    registers: [this.registry],
  });

  readonly topicsUnderDurability = new Gauge({
    name: 'wsapi_kafka_topics_under_durability',
    help: 'Topics of this service found at start with fewer replicas or a lower min.insync.replicas than configured (1 each)',
    labelNames: ['topic'] as const,
    registers: [this.registry],
  });

  readonly consumerLag = new Gauge({
    name: 'wsapi_projection_consumer_lag',
    help: 'Records not yet applied by a projection, per topic partition (end offset minus stored checkpoint)',
    labelNames: ['projection', 'topic', 'partition'] as const,
    registers: [this.registry],
  });

  readonly flushCalls = new Counter({
    name: 'wsapi_flush_history_calls_total',
    help: 'POST /session/flush-history calls by outcome',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly snapshots = new Counter({
    name: 'wsapi_snapshots_total',
    help: 'Contacts/chats/groups snapshot attempts by trigger (cycle, bootstrap, reconcile, admin) and outcome (taken, rejected, retryable)',
    labelNames: ['trigger', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly sseConnected = new Gauge({
    name: 'wsapi_sse_connected',
    help: 'SSE pull-mode connection state per instance (1 connected, 0 disconnected)',
    labelNames: ['instance_id'] as const,
    registers: [this.registry],
  });

  readonly sseEvents = new Counter({
    name: 'wsapi_sse_events_total',
    help: 'Events read from SSE streams, by outcome (published, rejected)',
    labelNames: ['instance_id', 'outcome'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'wsapi_sync_' });
  }

  addCollector(collector: MetricsCollector): void {
    this.collectors.push(collector);
  }

  /** Prometheus text format, after every collector ran (one that fails leaves its gauges as they were). */
  async scrape(): Promise<string> {
    await Promise.all(this.collectors.map((collect) => collect().catch(() => undefined)));
    return this.registry.metrics();
  }
}
