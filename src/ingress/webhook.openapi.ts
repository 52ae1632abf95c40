import type { OpenAPIObject } from '@nestjs/swagger';
import { WEBHOOK_PATH } from './webhook-http-handler';

const refusal = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/WebhookRefusal' } } },
});

/**
 * The webhook's OpenAPI description. It is served by WebhookHttpHandler rather than a Nest
 * controller (see there why), so Swagger cannot discover it from decorators.
 */
export function describeWebhook(document: OpenAPIObject): void {
  document.components ??= {};
  document.components.schemas = {
    ...document.components.schemas,
    WebhookRefusal: {
      type: 'object',
      properties: {
        statusCode: { type: 'integer' },
        error: { type: 'string', enum: ['SIGNATURE_INVALID', 'BODY_MALFORMED', 'BODY_TOO_LARGE', 'KAFKA_UNAVAILABLE'] },
        message: { type: 'string' },
      },
    },
  };
  document.paths[WEBHOOK_PATH] = {
    post: {
      tags: ['ingress'],
      operationId: 'receiveWsapiWebhook',
      summary: "WSAPI's webhook target",
      description: 'Publishes the raw body to `<prefix>.<category>`, keyed by instanceId; answers 200 only after acks=all.',
      parameters: [
        {
          name: 'X-Webhook-Signature',
          in: 'header',
          required: false,
          description: 'sha256=<hex HMAC-SHA256 of the raw body>, required where a secret applies to the instance',
          schema: { type: 'string' },
        },
      ],
      requestBody: {
        required: true,
        description: 'The WSAPI event envelope',
        content: {
          'application/json': {
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
          },
        },
      },
      responses: {
        '200': {
          description: 'Stored in Kafka',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  status: { type: 'string', enum: ['accepted'] },
                  topic: { type: 'string' },
                  instanceId: { type: 'string' },
                  eventType: { type: 'string' },
                  eventId: { type: 'string' },
                },
              },
            },
          },
        },
        '400': refusal('BODY_MALFORMED: not JSON, or the envelope lacks instanceId/eventType/eventData'),
        '401': refusal('SIGNATURE_INVALID: missing or wrong signature'),
        '413': refusal('BODY_TOO_LARGE: over MAX_BODY_BYTES'),
        '503': refusal('KAFKA_UNAVAILABLE: not stored, retry later (Retry-After)'),
      },
    },
  };
}
