/** Why a record could not be confirmed as written to Kafka; the ingress maps both to 503. */
export enum PublishFailureCode {
  Timeout = 'PUBLISH_TIMEOUT',
  BrokerUnavailable = 'BROKER_UNAVAILABLE',
}

export class PublishFailedError extends Error {
  constructor(
    readonly code: PublishFailureCode,
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'PublishFailedError';
  }
}
