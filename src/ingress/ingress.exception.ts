import { CodedError } from '../errors/coded-error';

export enum IngressErrorCode {
  SignatureInvalid = 'SIGNATURE_INVALID',
  BodyMalformed = 'BODY_MALFORMED',
  BodyTooLarge = 'BODY_TOO_LARGE',
  KafkaUnavailable = 'KAFKA_UNAVAILABLE',
}

/** A webhook we refuse, with the reason the sender (WSAPI, or a curious caller) gets back (HTTP statuses: src/http). */
export class IngressException extends CodedError<IngressErrorCode> {}
