import { BadRequestException, HttpStatus, NotFoundException } from '@nestjs/common';
import { AdminErrorCode, AdminException } from '../admin/admin.exception';
import { BackfillErrorCode } from '../backfill/backfill.error';
import { IngressErrorCode, IngressException } from '../ingress/ingress.exception';
import { ReplayErrorCode } from '../replay/replay.exception';
import { errorResponse, HTTP_STATUS_BY_CODE } from './error-response';

describe('errorResponse', () => {
  it('knows a status for every code an HTTP route can meet', () => {
    const codes = [...Object.values(AdminErrorCode), ...Object.values(IngressErrorCode), ...Object.values(ReplayErrorCode), ...Object.values(BackfillErrorCode)];
    expect(codes.filter((code) => HTTP_STATUS_BY_CODE[code] === undefined)).toEqual([]);
  });

  it('answers a coded error with its status and code', () => {
    expect(errorResponse(new AdminException(AdminErrorCode.NoCycle, 'no sync cycle is known'))).toEqual({
      status: HttpStatus.CONFLICT,
      body: { statusCode: 409, error: 'NO_SYNC_CYCLE', message: 'no sync cycle is known' },
    });
    expect(errorResponse(new IngressException(IngressErrorCode.BodyTooLarge, 'over 1 MiB')).status).toBe(HttpStatus.PAYLOAD_TOO_LARGE);
  });

  it("answers Nest's own refusals in the same shape, validation messages as one sentence", () => {
    expect(errorResponse(new BadRequestException(['dryRun must be a boolean value', 'projection must be a string'])).body).toEqual({
      statusCode: 400,
      error: 'REQUEST_INVALID',
      message: 'dryRun must be a boolean value; projection must be a string',
    });
    expect(errorResponse(new NotFoundException('Cannot GET /nowhere')).body).toEqual({ statusCode: 404, error: 'ROUTE_NOT_FOUND', message: 'Cannot GET /nowhere' });
  });

  it('answers anything else as a 500 that says nothing about it', () => {
    expect(errorResponse(new Error('password=hunter2 leaked in a driver message'))).toEqual({
      status: 500,
      body: { statusCode: 500, error: 'INTERNAL_ERROR', message: 'Internal server error' },
    });
  });
});
