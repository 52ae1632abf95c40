import { ArgumentsHost, BadRequestException, ServiceUnavailableException } from '@nestjs/common';
import { AdminErrorCode, AdminException } from '../admin/admin.exception';
import { ErrorFilter } from './error.filter';

/** What the filter wrote: status, headers and JSON body. */
function answer(exception: unknown) {
  const sent: { status?: number; body?: unknown; headers: Record<string, string> } = { headers: {} };
  const response = {
    status: (status: number) => ((sent.status = status), response),
    json: (body: unknown) => (sent.body = body),
    setHeader: (name: string, value: string) => (sent.headers[name] = value),
  };
  const host = { switchToHttp: () => ({ getResponse: () => response }) } as unknown as ArgumentsHost;
  new ErrorFilter().catch(exception, host);
  return sent;
}

describe('ErrorFilter', () => {
  it('answers the one error body, asking for a bearer token on a 401', () => {
    expect(answer(new AdminException(AdminErrorCode.Unauthorized, 'Authorization: Bearer <ADMIN_TOKEN> is required'))).toEqual({
      status: 401,
      headers: { 'WWW-Authenticate': 'Bearer' },
      body: { statusCode: 401, error: 'ADMIN_UNAUTHORIZED', message: 'Authorization: Bearer <ADMIN_TOKEN> is required' },
    });
    expect(answer(new BadRequestException(['projection must be a string'])).body).toEqual({ statusCode: 400, error: 'REQUEST_INVALID', message: 'projection must be a string' });
  });

  it("keeps terminus's report of a failed readiness check", () => {
    const report = { status: 'error', info: {}, error: { kafka: { status: 'down', message: 'SASL PLAIN authentication failed' } }, details: {} };
    expect(answer(new ServiceUnavailableException(report))).toEqual({ status: 503, headers: {}, body: report });
  });
});
