import { HttpStatus } from '@nestjs/common';

export enum IngressErrorCode {
  SignatureInvalid = 'SIGNATURE_INVALID',
  BodyMalformed = 'BODY_MALFORMED',
  BodyTooLarge = 'BODY_TOO_LARGE',
  KafkaUnavailable = 'KAFKA_UNAVAILABLE',
}

const STATUS_BY_CODE: Record<IngressErrorCode, HttpStatus> = {
  [IngressErrorCode.SignatureInvalid]: HttpStatus.UNAUTHORIZED,
  [IngressErrorCode.BodyMalformed]: HttpStatus.BAD_REQUEST,
  [IngressErrorCode.BodyTooLarge]: HttpStatus.PAYLOAD_TOO_LARGE,
  [IngressErrorCode.KafkaUnavailable]: HttpStatus.SERVICE_UNAVAILABLE,
};

/** A webhook we refuse, with the reason the sender (WSAPI, or a curious caller) gets back. */
export class IngressException extends Error {
  constructor(
    readonly code: IngressErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'IngressException';
  }

  get status(): HttpStatus {
    return STATUS_BY_CODE[this.code];
  }

  toBody() {
    return { statusCode: this.status, error: this.code, message: this.message };
  }
}
