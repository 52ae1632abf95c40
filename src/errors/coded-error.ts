/**
 * The base of every error this service raises on purpose: a stable machine-readable code (each
 * subclass narrows it to its own union) and a message for people, optionally the lower-level
 * error it explains. Transports (the HTTP error filter, the webhook handler, the outbox's job
 * rows, the DLQ headers) turn it into their own shape; the error itself knows nothing of HTTP.
 */
export abstract class CodedError<TCode extends string = string> extends Error {
  constructor(
    readonly code: TCode,
    message: string,
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = new.target.name;
  }
}
