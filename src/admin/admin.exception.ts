import { HttpStatus } from '@nestjs/common';

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

const STATUS_BY_CODE: Record<AdminErrorCode, HttpStatus> = {
  [AdminErrorCode.Disabled]: HttpStatus.FORBIDDEN,
  [AdminErrorCode.Unauthorized]: HttpStatus.UNAUTHORIZED,
  [AdminErrorCode.InvalidInstanceId]: HttpStatus.BAD_REQUEST,
  [AdminErrorCode.EmptyChange]: HttpStatus.BAD_REQUEST,
  [AdminErrorCode.NotFound]: HttpStatus.NOT_FOUND,
  [AdminErrorCode.NoCycle]: HttpStatus.CONFLICT,
  [AdminErrorCode.WsapiFailed]: HttpStatus.BAD_GATEWAY,
  [AdminErrorCode.KafkaUnavailable]: HttpStatus.SERVICE_UNAVAILABLE,
};

/** An admin request we refuse or could not carry out, with the reason the caller gets back. */
export class AdminException extends Error {
  constructor(
    readonly code: AdminErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AdminException';
  }

  get status(): HttpStatus {
    return STATUS_BY_CODE[this.code];
  }

  toBody() {
    return { statusCode: this.status, error: this.code, message: this.message };
  }
}
