import { createHmac, timingSafeEqual } from 'node:crypto';

const SIGNATURE_PREFIX = 'sha256=';
const HEX_SHA256 = /^[0-9a-f]{64}$/;

/** The X-Webhook-Signature value WSAPI sends for a body: sha256=<lowercase hex HMAC>. */
export function signBody(body: Buffer | string, secret: string): string {
  return SIGNATURE_PREFIX + createHmac('sha256', secret).update(body).digest('hex');
}

/**
 * Checks a webhook signature over the raw body bytes in constant time. A missing header, a
 * missing prefix, or a digest of the wrong length or alphabet is simply "not valid".
 */
export function isValidSignature(body: Buffer, header: string | undefined, secret: string): boolean {
  if (typeof header !== 'string' || !header.startsWith(SIGNATURE_PREFIX)) return false;
  const givenHex = header.slice(SIGNATURE_PREFIX.length).trim().toLowerCase();
  if (!HEX_SHA256.test(givenHex)) return false;
  const expected = createHmac('sha256', secret).update(body).digest();
  return timingSafeEqual(expected, Buffer.from(givenHex, 'hex'));
}
