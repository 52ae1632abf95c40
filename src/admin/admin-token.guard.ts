import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { AdminErrorCode, AdminException } from './admin.exception';

/**
 * `Authorization: Bearer <ADMIN_TOKEN>`, compared in constant time. Both sides are hashed first so
 * the comparison takes the same time whatever the length of the guess. Without ADMIN_TOKEN the
 * admin API is off and refuses every request.
 */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  private readonly expected: Buffer | undefined;

  constructor(config: AppConfig) {
    this.expected = config.ADMIN_TOKEN === undefined ? undefined : digest(config.ADMIN_TOKEN);
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.expected) throw new AdminException(AdminErrorCode.Disabled, 'the admin API is disabled: ADMIN_TOKEN is not set');
    const header = context.switchToHttp().getRequest<Request>().headers.authorization;
    const token = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
    if (token === undefined || !timingSafeEqual(digest(token), this.expected)) {
      throw new AdminException(AdminErrorCode.Unauthorized, 'Authorization: Bearer <ADMIN_TOKEN> is required');
    }
    return true;
  }
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
