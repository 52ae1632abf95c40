import { CodedError } from '../errors/coded-error';

export enum ReplayErrorCode {
  UnknownProjection = 'UNKNOWN_PROJECTION',
  AlreadyRunning = 'REPLAY_ALREADY_RUNNING',
  LiveKeptMoving = 'LIVE_KEPT_MOVING',
  /** No rebuild with that id in this process (they are kept in memory, the last few). */
  NotFound = 'REPLAY_NOT_FOUND',
}

export class ReplayException extends CodedError<ReplayErrorCode> {}
