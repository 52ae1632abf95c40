import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { signBody } from '../../src/wsapi/signature';
import { WSAPI_EXAMPLES_DIR } from '../fixtures/wsapi-examples';

export const EXAMPLES_DIR = WSAPI_EXAMPLES_DIR;

export function exampleBytes(name: string): Buffer {
  return readFileSync(join(EXAMPLES_DIR, `${name}.json`));
}

export interface WebhookResponse {
  status: number;
  body: any;
}

/** POSTs bytes to the webhook exactly as WSAPI does, signed when a secret is given. */
export async function postWebhook(baseUrl: string, body: Buffer | string, secret?: string, extraHeaders: Record<string, string> = {}): Promise<WebhookResponse> {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  const headers: Record<string, string> = { 'content-type': 'application/json', ...extraHeaders };
  if (secret !== undefined) headers['x-webhook-signature'] = signBody(bytes, secret);
  const response = await fetch(`${baseUrl}/webhooks/wsapi`, { method: 'POST', headers, body: bytes });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // leave the text as it is
  }
  return { status: response.status, body: parsed };
}
