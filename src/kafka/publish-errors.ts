import { CodedError } from '../errors/coded-error';

/** Why a record could not be confirmed as written to Kafka; the ingress maps both to 503. */
export enum PublishFailureCode {
  Timeout = 'PUBLISH_TIMEOUT',
  BrokerUnavailable = 'BROKER_UNAVAILABLE',
}

export class PublishFailedError extends CodedError<PublishFailureCode> {
  constructor(code: PublishFailureCode, message: string, cause?: unknown) {
    super(code, message, cause);
  }
}
