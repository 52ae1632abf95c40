import { RunningApp, startTestApp } from './support/test-app';
import { testConfig } from './support/test-config';

describe('OpenAPI document', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startTestApp(testConfig({ ROLE: 'ingress' }));
  });
  afterAll(async () => running?.close());

  it('describes the webhook with its signature header and refusals, and the health and operations endpoints', async () => {
    const response = await fetch(`${running.baseUrl}/docs-json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as { paths: Record<string, any> };
    const webhook = document.paths['/webhooks/wsapi'].post;
    expect(Object.keys(webhook.responses).sort()).toEqual(['200', '400', '401', '413', '503']);
    expect(webhook.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'X-Webhook-Signature', in: 'header' })]));
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/health', '/health/live', '/metrics', '/projections', '/projections/lag']));
    expect((await fetch(`${running.baseUrl}/docs`)).status).toBe(200);
  });
});
