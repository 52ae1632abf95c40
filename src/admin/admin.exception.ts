import { CodedError } from '../errors/coded-error';

export enum AdminErrorCode {
  /** ADMIN_TOKEN is not configured: the admin API refuses everything. */
  Disabled = 'ADMIN_DISABLED',
  Unauthorized = 'ADMIN_UNAUTHORIZED',
  InvalidInstanceId = 'INSTANCE_ID_INVALID',
  EmptyChange = 'SETTINGS_EMPTY',
  NotFound = 'INSTANCE_NOT_FOUND',
  /** A forced flush needs a current sync cycle, and none is known for the instance. */
  NoCycle = 'NO_SYNC_CYCLE',
  /** WSAPI failed or refused the request made on the admin's behalf. */
  WsapiFailed = 'WSAPI_FAILED',
  KafkaUnavailable = 'KAFKA_UNAVAILABLE',
}

/** An admin request we refuse or could not carry out, with the reason the caller gets back (HTTP statuses: src/http). */
export class AdminException extends CodedError<AdminErrorCode> {}
