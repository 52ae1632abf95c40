import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { WebhookHttpHandler } from './webhook-http-handler';

type RequestListener = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * Puts the webhook handler in front of the HTTP server's own listener (Express, with Nest's
 * routes): webhook POSTs go straight to it, every other request on to Express as before.
 */
export function serveWebhookFirst(server: Server, webhook: WebhookHttpHandler): void {
  const others = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (webhook.handles(request)) return webhook.handle(request, response);
    for (const listener of others) listener(request, response);
  });
}
