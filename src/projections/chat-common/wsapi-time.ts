import { normalizeTime } from '../engine/decode-record';
import { PoisonEventError } from '../engine/projection';

/**
 * A WSAPI time field as ISO-8601 UTC with milliseconds (the one format the version columns compare
 * in), or null when absent or WSAPI's zero time ("not set"). A value that is not a time at all makes
 * the event poison rather than silently losing the fact.
 */
export function parseWsapiTime(value: string | null | undefined, field: string): string | null {
  if (value === undefined || value === null || value === '') return null;
  const normalized = normalizeTime(value);
  if (normalized) return normalized;
  if (!Number.isNaN(Date.parse(value))) return null; // parseable, so it was the zero time
  throw new PoisonEventError(`${field} is not an RFC 3339 time: ${JSON.stringify(value).slice(0, 80)}`);
}
