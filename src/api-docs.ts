import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { describeWebhook } from './ingress/webhook.openapi';

export const API_DOCS_PATH = 'docs';

/** OpenAPI for the webhook, admin, health and operations endpoints: UI at /docs, JSON at /docs-json. */
export function setupApiDocs(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('wsapi-sync')
      .setDescription('WSAPI webhook ingress to Kafka, projections to Postgres, replay and operations endpoints.')
      .setVersion('0.1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'ADMIN_TOKEN' }, 'admin')
      .build(),
  );
  describeWebhook(document);
  SwaggerModule.setup(API_DOCS_PATH, app, document);
}
