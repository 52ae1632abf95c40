import { normalizeTime } from '../engine/decode-record';
import { PoisonEventError } from '../engine/projection';

/**
 * A WSAPI time field as ISO-8601 UTC with milliseconds (the one format the version columns compare
 * in), or null when absent or WSAPI's zero time ("not set"). A value that is not a time at all makes
 * the event poison rather than silently losing the fact. A number (only where the DTO allows one,
 * e.g. wsapi-app's muteEndTime) is whole Unix seconds; 0 and below (-1 = forever) mean no time.
 */
export function parseWsapiTime(value: string | number | null | undefined, field: string): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'number') return secondsToTime(value, field);
  const normalized = normalizeTime(value);
  if (normalized) return normalized;
  if (!Number.isNaN(Date.parse(value))) return null; // parseable, so it was the zero time
  throw new PoisonEventError(`${field} is not an RFC 3339 time: ${JSON.stringify(value).slice(0, 80)}`);
}

function secondsToTime(seconds: number, field: string): string | null {
  if (seconds <= 0) return null;
  const time = new Date(seconds * 1000);
  if (Number.isNaN(time.getTime())) throw new PoisonEventError(`${field} is out of range: ${seconds}`);
  return time.toISOString();
}
