export interface CodedErrorOptions {
  /** Facts a caller may act on (never secrets). */
  details?: Record<string, unknown>;
  /** The lower-level error this one explains. */
  cause?: unknown;
}

/**
 * The base of every error this service raises on purpose: a stable machine-readable code (each
 * subclass narrows it to its own union), a message for people, and optional details. Transports
 * (the HTTP error filter, the webhook handler, the outbox's job rows, the DLQ headers) turn it
 * into their own shape; the error itself knows nothing of HTTP.
 */
export abstract class CodedError<TCode extends string = string> extends Error {
  readonly details?: Record<string, unknown>;

  constructor(
    readonly code: TCode,
    message: string,
    options: CodedErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    if (options.details) this.details = options.details;
  }
}
