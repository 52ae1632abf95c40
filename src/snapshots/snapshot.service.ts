import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EventPublisher, EventSource } from '../kafka/event-publisher';
import { ServiceTopic } from '../kafka/topics';
import { MetricsService } from '../metrics/metrics.service';
import { SnapshotOutcome, SnapshotTrigger } from '../wsapi/payloads/service-events.dto';
import { SnapshotEventType } from '../wsapi/payloads/snapshot.dto';
import { WsapiClient, WsapiErrorCode, WsapiRequestError } from '../wsapi/wsapi-client';

const SNAPSHOT_SOURCES: { type: SnapshotEventType; path: string }[] = [
  { type: SnapshotEventType.Contacts, path: '/contacts' },
  { type: SnapshotEventType.Chats, path: '/chats' },
  { type: SnapshotEventType.Groups, path: '/groups' },
];

export interface SnapshotResult {
  instanceId: string;
  published: { type: SnapshotEventType; items: number }[];
}

/**
 * Takes an instance's contacts/chats/groups snapshot from WSAPI's REST API — the only source of
 * the initial state — and publishes each response as an event of its own on `<prefix>.snapshots`,
 * so the projections materialize it from Kafka like any other event and a replay reproduces it.
 */
@Injectable()
export class SnapshotService {
  private readonly logger = new Logger(SnapshotService.name);

  constructor(
    private readonly wsapi: WsapiClient,
    private readonly publisher: EventPublisher,
    private readonly metrics: MetricsService,
  ) {}

  /**
   * Publishes every part that could be fetched; throws naming the parts that could not (with
   * WSAPI's status when it refused, e.g. 401, so the refusal can be recorded). The default trigger
   * is for the SSE ingress's repair after a stream gap, a reconcile too.
   */
  async takeSnapshot(instanceId: string, trigger: SnapshotTrigger = SnapshotTrigger.Reconcile): Promise<SnapshotResult> {
    const outcomes = await Promise.allSettled(SNAPSHOT_SOURCES.map((source) => this.takePart(instanceId, source.type, source.path)));
    const published = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
    const failures = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as Error] : []));
    if (failures.length > 0) {
      const retryable = failures.every((failure) => !(failure instanceof WsapiRequestError) || failure.retryable);
      const refusal = failures.find((failure): failure is WsapiRequestError => failure instanceof WsapiRequestError && !failure.retryable);
      this.metrics.snapshots.inc({ trigger, outcome: retryable ? 'retryable' : SnapshotOutcome.Rejected });
      throw new WsapiRequestError(
        retryable ? WsapiErrorCode.Retryable : WsapiErrorCode.Rejected,
        `snapshot of ${instanceId} incomplete: ${failures.map((failure) => failure.message).join('; ')}`,
        refusal?.status,
      );
    }
    this.metrics.snapshots.inc({ trigger, outcome: SnapshotOutcome.Taken });
    this.logger.log(`${trigger} snapshot of ${instanceId} published: ${published.map((part) => `${part.type}=${part.items}`).join(', ')}`);
    return { instanceId, published };
  }

  private async takePart(instanceId: string, type: SnapshotEventType, path: string): Promise<{ type: SnapshotEventType; items: number }> {
    const fetchedAt = new Date().toISOString();
    const { body } = await this.wsapi.get<unknown>(path, instanceId);
    if (!Array.isArray(body)) throw new WsapiRequestError(WsapiErrorCode.Retryable, `GET ${path} did not return an array`);
    const eventId = `snap_${randomUUID()}`;
    const raw = Buffer.from(JSON.stringify({ eventId, instanceId, receivedAt: fetchedAt, eventType: type, eventData: { items: body } }));
    await this.publisher.publish({ instanceId, eventType: type, eventId, raw, source: EventSource.Service, topic: ServiceTopic.Snapshots });
    return { type, items: body.length };
  }
}
