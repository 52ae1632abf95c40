import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { errorResponse } from './error-response';

/**
 * The one exception filter of the HTTP routes (global): our coded errors, Nest's own exceptions
 * (ValidationPipe, unknown routes) and anything unexpected all answer the one ErrorBody shape.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(ErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const { status, body } = errorResponse(exception);
    if (status === HttpStatus.INTERNAL_SERVER_ERROR) this.logger.error({ err: exception }, 'request failed unexpectedly');
    if (status === HttpStatus.UNAUTHORIZED) response.setHeader('WWW-Authenticate', 'Bearer');
    response.status(status).json(body);
  }
}
