import express from 'express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { IngressErrorCode, IngressException } from './ingress.exception';

/**
 * Reads the webhook body as raw bytes: the signature covers the exact bytes, and the same bytes
 * are what we publish. Parser failures are answered here as JSON errors (413 for too large)
 * because they happen before Nest's exception filters are reached.
 */
export function rawBodyMiddleware(limitBytes: number): RequestHandler {
  const parse = express.raw({ type: () => true, limit: limitBytes });
  return (request: Request, response: Response, next: NextFunction) => {
    parse(request, response, (error?: unknown) => {
      if (!error) return next();
      const { type, status } = error as { type?: string; status?: number };
      const refusal =
        type === 'entity.too.large' || status === 413
          ? new IngressException(IngressErrorCode.BodyTooLarge, `body exceeds the limit of ${limitBytes} bytes`)
          : new IngressException(IngressErrorCode.BodyMalformed, `body could not be read: ${(error as Error).message}`);
      response.status(refusal.status).json(refusal.toBody());
    });
  };
}
