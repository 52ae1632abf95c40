import { CodedError } from '../../errors/coded-error';

/** Kafka could not say where a partition ends (a leader moving, a topic just created): try again. */
export class LagUnavailableError extends CodedError<'LAG_UNAVAILABLE'> {
  constructor(cause: unknown) {
    super('LAG_UNAVAILABLE', `consumer lag cannot be read from Kafka right now: ${(cause as Error).message ?? String(cause)}`, cause);
  }
}
