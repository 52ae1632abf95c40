import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { MetricsService } from '../metrics/metrics.service';

/** Counts every webhook by final status, including refusals answered before Nest (413). */
export function countIngressRequests(metrics: MetricsService): RequestHandler {
  return (_request: Request, response: Response, next: NextFunction) => {
    response.on('finish', () => {
      const eventType = typeof response.locals.eventType === 'string' ? response.locals.eventType : 'none';
      metrics.ingressRequests.inc({ status: String(response.statusCode), event_type: eventType });
    });
    next();
  };
}
