import { PoisonEventError } from '../engine/projection';

const SECONDS_PER_UNIT: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/**
 * Disappearing-message timers in seconds, the unit GET /groups uses, so both read models store one
 * unit: chat_setting sends `off 24h 7d 90d` (README §5), 0 means off. Any `<n><s|m|h|d>` is
 * accepted so that a new WhatsApp timer does not dead-letter every setting event.
 */
export function ephemeralSeconds(expiration: string): number {
  if (expiration === 'off') return 0;
  const match = /^(\d+)([smhd])$/.exec(expiration);
  if (!match) throw new PoisonEventError(`ephemeral expiration ${JSON.stringify(expiration).slice(0, 40)} is not "off" or <n><s|m|h|d>`);
  return Number(match[1]) * SECONDS_PER_UNIT[match[2]];
}
