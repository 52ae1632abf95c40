import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { IngressErrorCode, IngressException } from './ingress.exception';
import { readWebhookBody } from './read-webhook-body';

function request(chunks: Buffer[], headers: Record<string, string> = {}): IncomingMessage {
  return Object.assign(Readable.from(chunks), { headers }) as unknown as IncomingMessage;
}

async function refusal(promise: Promise<unknown>): Promise<IngressErrorCode> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  if (!(error instanceof IngressException)) throw new Error(`expected an IngressException, got ${String(error)}`);
  return error.code;
}

describe('readWebhookBody', () => {
  const body = Buffer.from('{"instanceId":"ins_1","eventType":"message","eventData":{}}');

  it('returns the exact bytes, however they were chunked', async () => {
    expect(await readWebhookBody(request([body.subarray(0, 7), body.subarray(7)]), 1024)).toEqual(body);
  });

  it('refuses a declared Content-Length over the limit before reading', async () => {
    expect(await refusal(readWebhookBody(request([body], { 'content-length': '2048' }), 1024))).toBe(IngressErrorCode.BodyTooLarge);
  });

  it('refuses a body that grows past the limit without a Content-Length', async () => {
    expect(await refusal(readWebhookBody(request([body, body]), body.length + 1))).toBe(IngressErrorCode.BodyTooLarge);
  });

  it('inflates gzip, and applies the limit to the inflated size', async () => {
    const zipped = gzipSync(body);
    expect(await readWebhookBody(request([zipped], { 'content-encoding': 'gzip' }), 1024)).toEqual(body);
    expect(await refusal(readWebhookBody(request([zipped], { 'content-encoding': 'gzip' }), body.length - 1))).toBe(IngressErrorCode.BodyTooLarge);
  });

  it('refuses an unknown or broken encoding as malformed', async () => {
    expect(await refusal(readWebhookBody(request([body], { 'content-encoding': 'br' }), 1024))).toBe(IngressErrorCode.BodyMalformed);
    expect(await refusal(readWebhookBody(request([body], { 'content-encoding': 'gzip' }), 1024))).toBe(IngressErrorCode.BodyMalformed);
  });
});
