import { HttpException, HttpStatus } from '@nestjs/common';
import { CodedError } from '../errors/coded-error';

/** The one error body every HTTP route answers, the webhook included: `error` is the code. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
}

export interface ErrorResponse {
  status: HttpStatus;
  body: ErrorBody;
}

/**
 * Every code an HTTP route can answer, with its status. Codes are declared where their errors
 * are (admin/, ingress/, replay/); http-statuses.unit.spec.ts checks each is here, so none falls
 * back to a 500 unnoticed.
 */
export const HTTP_STATUS_BY_CODE: Readonly<Record<string, HttpStatus>> = {
  // A request we could not read (Nest's own refusals: validation, unknown routes).
  REQUEST_INVALID: HttpStatus.BAD_REQUEST,
  ROUTE_NOT_FOUND: HttpStatus.NOT_FOUND,
  INTERNAL_ERROR: HttpStatus.INTERNAL_SERVER_ERROR,
  // The webhook.
  SIGNATURE_INVALID: HttpStatus.UNAUTHORIZED,
  BODY_MALFORMED: HttpStatus.BAD_REQUEST,
  BODY_TOO_LARGE: HttpStatus.PAYLOAD_TOO_LARGE,
  KAFKA_UNAVAILABLE: HttpStatus.SERVICE_UNAVAILABLE,
  // Operations.
  LAG_UNAVAILABLE: HttpStatus.SERVICE_UNAVAILABLE,
  // The admin API.
  ADMIN_DISABLED: HttpStatus.FORBIDDEN,
  ADMIN_UNAUTHORIZED: HttpStatus.UNAUTHORIZED,
  INSTANCE_ID_INVALID: HttpStatus.BAD_REQUEST,
  SETTINGS_EMPTY: HttpStatus.BAD_REQUEST,
  INSTANCE_NOT_FOUND: HttpStatus.NOT_FOUND,
  NO_SYNC_CYCLE: HttpStatus.CONFLICT,
  WSAPI_FAILED: HttpStatus.BAD_GATEWAY,
  // Rebuilds.
  UNKNOWN_PROJECTION: HttpStatus.BAD_REQUEST,
  REPLAY_ALREADY_RUNNING: HttpStatus.CONFLICT,
  LIVE_KEPT_MOVING: HttpStatus.CONFLICT,
  REPLAY_NOT_FOUND: HttpStatus.NOT_FOUND,
  // Backfills.
  BACKFILL_NOT_FOUND: HttpStatus.NOT_FOUND,
  BACKFILL_RUNNING: HttpStatus.CONFLICT,
  BACKFILL_NOT_RUNNING: HttpStatus.CONFLICT,
};

/** Nest's own exceptions carry a status and no code of ours: the statuses they use, named. */
const CODE_BY_NEST_STATUS: Readonly<Partial<Record<number, string>>> = {
  [HttpStatus.BAD_REQUEST]: 'REQUEST_INVALID',
  [HttpStatus.NOT_FOUND]: 'ROUTE_NOT_FOUND',
  [HttpStatus.PAYLOAD_TOO_LARGE]: 'BODY_TOO_LARGE',
};

/** What an error thrown while serving a request answers; anything not ours and not Nest's is a 500. */
export function errorResponse(error: unknown): ErrorResponse {
  if (error instanceof CodedError && HTTP_STATUS_BY_CODE[error.code] !== undefined) {
    return respond(HTTP_STATUS_BY_CODE[error.code], error.code, error.message);
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    return respond(status, CODE_BY_NEST_STATUS[status] ?? `HTTP_${status}`, nestMessage(error));
  }
  return respond(HttpStatus.INTERNAL_SERVER_ERROR, 'INTERNAL_ERROR', 'Internal server error');
}

function respond(status: HttpStatus, code: string, message: string): ErrorResponse {
  return { status, body: { statusCode: status, error: code, message } };
}

/** ValidationPipe puts one message per failed constraint in an array: one sentence here. */
function nestMessage(error: HttpException): string {
  const response = error.getResponse();
  const message = typeof response === 'object' && response !== null ? (response as { message?: unknown }).message : response;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : error.message;
}
