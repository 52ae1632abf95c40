import { ExecutionContext } from '@nestjs/common';
import { loadAppConfig } from '../config/app-config';
import { AdminTokenGuard } from './admin-token.guard';
import { errorResponse } from '../http/error-response';
import { AdminErrorCode } from './admin.exception';

/** The code the guard refuses with, and the HTTP status the error filter turns it into. */
function refusal(check: () => unknown): { code?: string; status: number } {
  try {
    check();
  } catch (error) {
    return { code: (error as { code?: string }).code, status: errorResponse(error).status };
  }
  throw new Error('expected a refusal');
}

const TOKEN = 'a-long-enough-admin-token';
const contextWith = (authorization?: string) =>
  ({ switchToHttp: () => ({ getRequest: () => ({ headers: authorization === undefined ? {} : { authorization } }) }) }) as unknown as ExecutionContext;

describe('AdminTokenGuard', () => {
  const guard = new AdminTokenGuard(loadAppConfig({ ADMIN_TOKEN: TOKEN }));

  it('lets the right bearer token through', () => {
    expect(guard.canActivate(contextWith(`Bearer ${TOKEN}`))).toBe(true);
    expect(guard.canActivate(contextWith(`bearer ${TOKEN}`))).toBe(true);
  });

  it.each([undefined, '', TOKEN, `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(1)}`, `Basic ${TOKEN}`, 'Bearer '])('refuses %p with 401', (header) => {
    expect(refusal(() => guard.canActivate(contextWith(header)))).toEqual({ code: AdminErrorCode.Unauthorized, status: 401 });
  });

  it('refuses everything with 403 while ADMIN_TOKEN is unset', () => {
    const disabled = new AdminTokenGuard(loadAppConfig({}));
    expect(refusal(() => disabled.canActivate(contextWith(`Bearer ${TOKEN}`)))).toEqual({ code: AdminErrorCode.Disabled, status: 403 });
  });
});
