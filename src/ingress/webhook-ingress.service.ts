import { Injectable } from '@nestjs/common';
import { EventPublisher, EventSource, PublishedEvent } from '../kafka/event-publisher';
import { PublishFailedError } from '../kafka/publish-errors';
import { parseEnvelope, WsapiEnvelope } from '../wsapi/envelope';
import { isValidSignature } from '../wsapi/signature';
import { SigningSecrets } from '../wsapi/signing-secrets';
import { IngressErrorCode, IngressException } from './ingress.exception';

export interface AcceptedEvent extends PublishedEvent {
  eventId?: string;
  eventType: string;
  instanceId: string;
}

/**
 * Turns one webhook body into one Kafka record, or refuses it. The order of checks matters:
 * the signature is checked before anything about the content is revealed (a wrong signature
 * always wins over a malformed body), and nothing is published unless every check passed.
 */
@Injectable()
export class WebhookIngressService {
  constructor(
    private readonly secrets: SigningSecrets,
    private readonly publisher: EventPublisher,
  ) {}

  async accept(raw: Buffer, signatureHeader: string | undefined, source = EventSource.Webhook): Promise<AcceptedEvent> {
    const parsed = parseEnvelope(raw);
    const claimedInstance = parsed.ok ? parsed.envelope.instanceId : peekInstanceId(raw);
    const secret = this.secrets.secretFor(claimedInstance);
    if (secret !== undefined && !isValidSignature(raw, signatureHeader, secret)) {
      throw new IngressException(
        IngressErrorCode.SignatureInvalid,
        signatureHeader ? 'X-Webhook-Signature does not match the body' : 'X-Webhook-Signature is required',
      );
    }
    if (!parsed.ok) throw new IngressException(IngressErrorCode.BodyMalformed, parsed.reason);
    return this.publish(raw, parsed.envelope, source);
  }

  /**
   * For events from a channel that authenticates itself (SSE: our own connection, with our API
   * key): the envelope is checked, and must belong to the instance the channel is for.
   */
  async acceptFromChannel(raw: Buffer, channelInstanceId: string, source: EventSource): Promise<AcceptedEvent> {
    const parsed = parseEnvelope(raw);
    if (!parsed.ok) throw new IngressException(IngressErrorCode.BodyMalformed, parsed.reason);
    if (parsed.envelope.instanceId !== channelInstanceId) {
      throw new IngressException(IngressErrorCode.BodyMalformed, `event for ${parsed.envelope.instanceId} arrived on ${channelInstanceId}'s stream`);
    }
    return this.publish(raw, parsed.envelope, source);
  }

  private async publish(raw: Buffer, envelope: WsapiEnvelope, source: EventSource): Promise<AcceptedEvent> {
    const { instanceId, eventType } = envelope;
    const eventId = typeof envelope.eventId === 'string' ? envelope.eventId : undefined;
    try {
      const published = await this.publisher.publish({ instanceId, eventType, eventId, raw, source });
      return { ...published, instanceId, eventType, eventId };
    } catch (error) {
      if (error instanceof PublishFailedError) {
        throw new IngressException(IngressErrorCode.KafkaUnavailable, `event not stored, retry later: ${error.message}`);
      }
      throw error;
    }
  }
}

/** Best effort: the instance a malformed body claims, so that its own secret is the one checked. */
function peekInstanceId(raw: Buffer): string | undefined {
  const match = /"instanceId"\s*:\s*"([^"\\]{1,256})"/.exec(raw.subarray(0, 64 * 1024).toString('utf8'));
  return match?.[1];
}
