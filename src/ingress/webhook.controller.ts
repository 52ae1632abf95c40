import { Controller, Headers, HttpCode, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { IngressExceptionFilter } from './ingress-exception.filter';
import { AcceptedEvent, WebhookIngressService } from './webhook-ingress.service';

export const WEBHOOK_PATH = 'webhooks/wsapi';

@ApiTags('ingress')
@Controller()
@UseFilters(IngressExceptionFilter)
export class WebhookController {
  constructor(private readonly ingress: WebhookIngressService) {}

  /** WSAPI's webhook target. 200 means the event is durably in Kafka. */
  @ApiOperation({ summary: "WSAPI's webhook target", description: 'Publishes the raw body to `<prefix>.<category>`, keyed by instanceId; answers only after acks=all.' })
  @ApiHeader({ name: 'X-Webhook-Signature', required: false, description: 'sha256=<hex HMAC-SHA256 of the raw body>, required where a secret applies to the instance' })
  @ApiBody({
    description: 'The WSAPI event envelope',
    schema: {
      type: 'object',
      required: ['instanceId', 'eventType', 'eventData'],
      properties: {
        eventId: { type: 'string' },
        instanceId: { type: 'string' },
        receivedAt: { type: 'string', format: 'date-time' },
        eventType: { type: 'string' },
        eventData: { type: 'object' },
      },
    },
  })
  @ApiResponse({ status: 200, description: 'Stored in Kafka' })
  @ApiResponse({ status: 400, description: 'BODY_MALFORMED: not JSON, or the envelope lacks instanceId/eventType/eventData' })
  @ApiResponse({ status: 401, description: 'SIGNATURE_INVALID: missing or wrong signature' })
  @ApiResponse({ status: 413, description: 'BODY_TOO_LARGE: over MAX_BODY_BYTES' })
  @ApiResponse({ status: 503, description: 'KAFKA_UNAVAILABLE: not stored, retry later (Retry-After)' })
  @Post(WEBHOOK_PATH)
  @HttpCode(200)
  async receive(
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @Headers('x-webhook-signature') signature: string | undefined,
  ): Promise<{ status: 'accepted' } & AcceptedEvent> {
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const accepted = await this.ingress.accept(raw, signature);
    // For the ingress metrics and the request log line.
    Object.assign(response.locals, { eventType: accepted.eventType, eventId: accepted.eventId, instanceId: accepted.instanceId, topic: accepted.topic });
    return { status: 'accepted', ...accepted };
  }
}
