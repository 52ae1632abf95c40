import type { IncomingMessage } from 'node:http';
import { promisify } from 'node:util';
import { gunzip, inflate } from 'node:zlib';
import { IngressErrorCode, IngressException } from './ingress.exception';

const gunzipAsync = promisify(gunzip);
const inflateAsync = promisify(inflate);

/**
 * The webhook body as the exact bytes that were signed, at most `limitBytes` of them. A declared
 * Content-Length over the limit is refused before reading; a body that grows past it stops being
 * read. gzip/deflate bodies are inflated (the signature covers the JSON, not its compression).
 */
export async function readWebhookBody(request: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const tooLarge = () => new IngressException(IngressErrorCode.BodyTooLarge, `body exceeds the limit of ${limitBytes} bytes`);
  const declared = Number(request.headers['content-length']);
  if (declared > limitBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of request) {
      length += (chunk as Buffer).length;
      if (length > limitBytes) throw tooLarge();
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    if (error instanceof IngressException) throw error;
    throw new IngressException(IngressErrorCode.BodyMalformed, `body could not be read: ${(error as Error).message}`);
  }
  const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, length);
  return decodeContent(body, request.headers['content-encoding'], limitBytes, tooLarge);
}

async function decodeContent(body: Buffer, encoding: string | undefined, limitBytes: number, tooLarge: () => IngressException): Promise<Buffer> {
  const name = (encoding ?? 'identity').trim().toLowerCase();
  if (name === 'identity' || name === '') return body;
  const inflater = name === 'gzip' ? gunzipAsync : name === 'deflate' ? inflateAsync : undefined;
  if (!inflater) throw new IngressException(IngressErrorCode.BodyMalformed, `unsupported Content-Encoding ${name}`);
  try {
    return await inflater(body, { maxOutputLength: limitBytes });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge();
    throw new IngressException(IngressErrorCode.BodyMalformed, `body could not be inflated: ${(error as Error).message}`);
  }
}
