import { OutboxJob, OutboxJobKind, OutboxJobStatus } from '../../outbox/outbox-job';
import { OutboxJobError, OutboxJobErrorCode } from '../outbox-job.error';

/** An event of our own to publish about the job's outcome (on the session topic, keyed by instance). */
export interface OutcomeEvent {
  eventType: string;
  eventData: object;
}

export interface JobResult {
  status: OutboxJobStatus.Done | OutboxJobStatus.Failed | OutboxJobStatus.Skipped;
  error?: string;
  errorCode?: OutboxJobErrorCode;
  outcome?: OutcomeEvent;
}

/** A final failure, recorded with its reason (and code, for the log level). */
export function failedResult(error: OutboxJobError, outcome?: OutcomeEvent): JobResult {
  return { status: OutboxJobStatus.Failed, error: error.message, errorCode: error.code, outcome };
}

export const JOB_HANDLERS = Symbol('JOB_HANDLERS');

/**
 * Runs one kind of outbox job. `perform` returns the final result, or throws to say "not now": a
 * retryable error is retried with backoff inside the job's window, anything else ends the job.
 * `failed` turns a final failure (window passed, retries exhausted, unexpected) into a result.
 */
export interface OutboxJobHandler {
  readonly kinds: readonly OutboxJobKind[];
  perform(job: OutboxJob): Promise<JobResult>;
  failed(job: OutboxJob, error: OutboxJobError): JobResult;
  /** A job found past its deadline at its first attempt, when that is a rule rather than a failure (the flush). */
  late?(job: OutboxJob, lateByMs: number): JobResult;
}
