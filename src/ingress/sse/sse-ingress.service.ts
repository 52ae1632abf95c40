import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { EventPublisher, EventSource } from '../../kafka/event-publisher';
import { serviceEvent } from '../../kafka/service-event';
import { EventCategory } from '../../wsapi/event-types';
import { ServiceEventType } from '../../wsapi/payloads/service-events.dto';
import { MetricsService } from '../../metrics/metrics.service';
import { SnapshotService } from '../../snapshots/snapshot.service';
import { IngressErrorCode, IngressException } from '../ingress.exception';
import { WebhookIngressService } from '../webhook-ingress.service';
import { SseConnection } from './sse-connection';


const PUBLISH_RETRY_MAX_MS = 10_000;

/**
 * Pull mode: one SSE connection per configured instance to `{WSAPI_BASE_URL}/events/stream`,
 * each `data:` envelope published through the same path as webhooks (same topics, keys, headers;
 * source "sse"). WSAPI documents no resume, so after every reconnect the gap is recorded (an
 * event on the session topic) and a contacts/chats/groups snapshot is taken to reconcile.
 */
@Injectable()
export class SseIngressService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SseIngressService.name);
  private readonly connections: SseConnection[] = [];

  constructor(
    private readonly config: AppConfig,
    private readonly ingress: WebhookIngressService,
    private readonly publisher: EventPublisher,
    private readonly snapshots: SnapshotService,
    private readonly metrics: MetricsService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.SSE_INSTANCES) return;
    if (!this.config.WSAPI_API_KEY) {
      this.logger.error('SSE_INSTANCES is set but WSAPI_API_KEY is not: pull mode stays off');
      return;
    }
    for (const instanceId of this.config.SSE_INSTANCES.split(',')) this.connect(instanceId);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.connections.splice(0).map((connection) => connection.stop()));
  }

  private connect(instanceId: string): void {
    const gap: { since?: string } = {};
    const connection = new SseConnection({
      url: new URL('events/stream', this.config.WSAPI_BASE_URL.replace(/\/?$/, '/')).toString(),
      headers: { 'X-Api-Key': this.config.WSAPI_API_KEY!, 'X-Instance-Id': instanceId },
      onEvent: (data) => this.publishInOrder(instanceId, data),
      onConnected: (reconnect) => {
        this.metrics.sseConnected.set({ instance_id: instanceId }, 1);
        this.logger.log(`SSE stream of ${instanceId} ${reconnect ? 're' : ''}connected`);
        const since = gap.since;
        gap.since = undefined;
        if (reconnect) void this.reconcile(instanceId, since ?? new Date().toISOString());
      },
      onDisconnected: (reason) => {
        this.metrics.sseConnected.set({ instance_id: instanceId }, 0);
        gap.since ??= new Date().toISOString(); // the first failure dates the gap, retries don't
        this.logger.warn(`SSE stream of ${instanceId} disconnected: ${reason}`);
      },
    });
    connection.start();
    this.connections.push(connection);
  }

  /** Publishes one streamed event; a bad one is dropped with a log, a Kafka outage is waited out (order kept). */
  private async publishInOrder(instanceId: string, data: string): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        await this.ingress.acceptFromChannel(Buffer.from(data, 'utf8'), instanceId, EventSource.Sse);
        this.metrics.sseEvents.inc({ instance_id: instanceId, outcome: 'published' });
        return;
      } catch (error) {
        if (error instanceof IngressException && error.code !== IngressErrorCode.KafkaUnavailable) {
          this.metrics.sseEvents.inc({ instance_id: instanceId, outcome: 'rejected' });
          this.logger.warn(`SSE event of ${instanceId} rejected: ${error.message}`);
          return;
        }
        const delay = Math.min(PUBLISH_RETRY_MAX_MS, 200 * 2 ** attempt);
        this.logger.warn(`SSE event of ${instanceId} not stored yet, retrying in ${delay} ms: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  private async reconcile(instanceId: string, disconnectedAt: string): Promise<void> {
    const reconnectedAt = new Date().toISOString();
    try {
      await this.publisher.publish(serviceEvent(instanceId, ServiceEventType.SseGap, { disconnectedAt, reconnectedAt }, EventCategory.Session));
      await this.snapshots.takeSnapshot(instanceId);
    } catch (error) {
      this.logger.error(`reconciling ${instanceId} after an SSE gap failed: ${(error as Error).message}`);
    }
  }
}
