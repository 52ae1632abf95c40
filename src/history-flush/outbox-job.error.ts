import { CodedError } from '../errors/coded-error';

export enum OutboxJobErrorCode {
  /** The job's retry window (WSAPI's history cache for a flush) ended before it could run. */
  WindowPassed = 'WINDOW_PASSED',
  /** Retryable failures until the next attempt would fall past the window. */
  RetriesExhausted = 'RETRIES_EXHAUSTED',
  /** WSAPI refused the request (4xx other than 429), or it is not configured: retrying cannot help. */
  Rejected = 'REJECTED',
  /** Anything else that is not worth retrying (a bug): recorded instead of looping. */
  Unexpected = 'UNEXPECTED',
}

/** Why an outbox job ended as failed; the text (with its code) lands in the job row and the outcome event. */
export class OutboxJobError extends CodedError<OutboxJobErrorCode> {
  constructor(code: OutboxJobErrorCode, message: string) {
    super(code, `${code}: ${message}`);
  }
}
