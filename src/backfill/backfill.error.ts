import { CodedError } from '../errors/coded-error';

export enum BackfillErrorCode {
  NotFound = 'BACKFILL_NOT_FOUND',
  /** The instance has a running backfill: one at a time, so two walks never ask for the same chat. */
  AlreadyRunning = 'BACKFILL_RUNNING',
  NotRunning = 'BACKFILL_NOT_RUNNING',
  /** The instance is in neither `instances` nor `messages` (the same code as the admin API's). */
  InstanceNotFound = 'INSTANCE_NOT_FOUND',
}

/** A backfill request we refuse, with the reason (HTTP statuses: src/http). */
export class BackfillError extends CodedError<BackfillErrorCode> {}
