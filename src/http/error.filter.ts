import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus, Logger, ServiceUnavailableException } from '@nestjs/common';
import type { Response } from 'express';
import { errorResponse } from './error-response';

/**
 * The one exception filter of the HTTP routes (global): our coded errors, Nest's own exceptions
 * (ValidationPipe, unknown routes) and anything unexpected all answer the one ErrorBody shape.
 * A failed readiness check is not an error of the request: it keeps terminus's health report.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(ErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const report = healthReportOf(exception);
    if (report) {
      response.status(HttpStatus.SERVICE_UNAVAILABLE).json(report);
      return;
    }
    const { status, body } = errorResponse(exception);
    if (status === HttpStatus.INTERNAL_SERVER_ERROR) this.logger.error({ err: exception }, 'request failed unexpectedly');
    if (status === HttpStatus.UNAUTHORIZED) response.setHeader('WWW-Authenticate', 'Bearer');
    response.status(status).json(body);
  }
}

/** Terminus answers a failed check with a 503 carrying the report ({status: 'error', info, error, details}). */
function healthReportOf(exception: unknown): object | undefined {
  if (!(exception instanceof ServiceUnavailableException)) return undefined;
  const body = exception.getResponse();
  if (typeof body !== 'object' || body === null) return undefined;
  return (body as { status?: unknown }).status === 'error' && 'details' in body ? body : undefined;
}
