import { Controller, Headers, HttpCode, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { IngressExceptionFilter } from './ingress-exception.filter';
import { AcceptedEvent, WebhookIngressService } from './webhook-ingress.service';

export const WEBHOOK_PATH = 'webhooks/wsapi';

@Controller()
@UseFilters(IngressExceptionFilter)
export class WebhookController {
  constructor(private readonly ingress: WebhookIngressService) {}

  /** WSAPI's webhook target. 200 means the event is durably in Kafka. */
  @Post(WEBHOOK_PATH)
  @HttpCode(200)
  async receive(
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @Headers('x-webhook-signature') signature: string | undefined,
  ): Promise<{ status: 'accepted' } & AcceptedEvent> {
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const accepted = await this.ingress.accept(raw, signature);
    response.locals.eventType = accepted.eventType; // for the ingress metrics
    return { status: 'accepted', ...accepted };
  }
}
