import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { AdminException } from './admin.exception';

@Catch(AdminException)
export class AdminExceptionFilter implements ExceptionFilter {
  catch(exception: AdminException, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (exception.status === 401) response.setHeader('WWW-Authenticate', 'Bearer');
    response.status(exception.status).json(exception.toBody());
  }
}
