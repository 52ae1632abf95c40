import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { IngressException } from './ingress.exception';

@Catch(IngressException)
export class IngressExceptionFilter implements ExceptionFilter {
  catch(exception: IngressException, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (exception.status === 503) response.setHeader('Retry-After', '5');
    response.status(exception.status).json(exception.toBody());
  }
}
