import { SimulationRandom } from './seeded-random';

/**
 * WhatsApp identifiers as WSAPI reports them (shared/wsapi/README.md §5): phone JIDs with a
 * country code, LIDs, device JIDs, group JIDs in both the old and the new form, and message ids
 * in the formats the different WhatsApp clients use.
 */

/** Mobile numbering plans of a few countries: country code + a national mobile number. */
const PHONE_PLANS: readonly (readonly [(random: SimulationRandom) => string, number])[] = [
  [(random) => `447${random.digits(9)}`, 3], // UK mobile, 44 7xxx xxxxxx
  [(random) => `1${random.pick(['212', '415', '646', '312', '617', '305'])}${random.between(2, 9)}${random.digits(6)}`, 3], // US
  [(random) => `4915${random.between(1, 7)}${random.digits(8)}`, 2], // Germany, 49 15x
  [(random) => `55119${random.digits(8)}`, 2], // Brazil, São Paulo mobile
  [(random) => `91${random.pick(['98', '99', '97', '70', '88'])}${random.digits(8)}`, 2], // India
  [(random) => `346${random.digits(8)}`, 1], // Spain
];

/** Digits of a phone number, country code first, no "+" (WSAPI's `phone`). */
export function phoneNumber(random: SimulationRandom): string {
  return random.weighted(PHONE_PLANS)(random);
}

export const userJid = (phone: string) => `${phone}@s.whatsapp.net`;

/** The JID of one of the account's devices: `<phone>:<device>@s.whatsapp.net`. */
export const deviceJid = (phone: string, device: number) => `${phone}:${device}@s.whatsapp.net`;

/** A LID: an opaque 15-digit number in the `lid` server. */
export function lidJid(random: SimulationRandom): string {
  return `${random.between(1, 2)}${random.digits(14)}@lid`;
}

/** Newer groups are `120363<12 digits>@g.us`; older ones `<creator phone>-<creation seconds>@g.us`. */
export function groupJid(random: SimulationRandom, creatorPhone: string, createdAtMs: number): string {
  return random.chance(0.8) ? `120363${random.digits(12)}@g.us` : `${creatorPhone}-${Math.floor(createdAtMs / 1000)}@g.us`;
}

/** Message ids: WhatsApp Web/whatsmeow `3EB0…`, Android 32 hex digits, iPhone `3A…`. */
export function messageId(random: SimulationRandom): string {
  return random.weighted<() => string>([
    [() => `3EB0${random.hex(18)}`, 6],
    [() => random.hex(32), 3],
    [() => `3A${random.hex(18)}`, 1],
  ])();
}

/** WSAPI's event ids are opaque; ours look like them. */
export function eventId(random: SimulationRandom): string {
  return `evt_${random.hex(20).toLowerCase()}`;
}

/** A picture id as WhatsApp hands them out (a decimal timestamp-like number). */
export function pictureId(random: SimulationRandom): string {
  return `17${random.digits(8)}`;
}

export const STATUS_BROADCAST = 'status@broadcast';
