export interface BackoffOptions {
  /** Delay ceiling of the first retry; it doubles with every attempt… */
  baseMs: number;
  /** …up to this. */
  maxMs: number;
}

/**
 * When to try a failed job again: exponential backoff with "equal jitter" (a random delay between
 * half and all of the ceiling), so replicas and instances failing together do not retry in step.
 * Undefined when that would fall past the deadline: the job gives up instead of looping.
 */
export function nextAttemptAt(attemptsSoFar: number, now: number, deadline: number, options: BackoffOptions, random: () => number = Math.random): number | undefined {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attemptsSoFar - 1));
  const at = now + ceiling / 2 + random() * (ceiling / 2);
  return at < deadline ? Math.round(at) : undefined;
}
