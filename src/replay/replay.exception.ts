export enum ReplayErrorCode {
  UnknownProjection = 'UNKNOWN_PROJECTION',
  AlreadyRunning = 'REPLAY_ALREADY_RUNNING',
  LiveKeptMoving = 'LIVE_KEPT_MOVING',
}

export class ReplayException extends Error {
  constructor(
    readonly code: ReplayErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ReplayException';
  }
}
