/**
 * The base of every error this service raises on purpose: a stable machine-readable code (each
 * subclass narrows it to its own union), a message for people, and optional details. Transports
 * (the HTTP exception filter, the webhook handler, the outbox's job rows) turn it into their own
 * shape; the error itself knows nothing of HTTP.
 */
export abstract class CodedError<TCode extends string = string> extends Error {
  constructor(
    readonly code: TCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
