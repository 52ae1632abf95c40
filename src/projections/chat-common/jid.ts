import { IdentityDto } from '../../wsapi/payloads/identity.dto';

/** JID kinds of shared/wsapi/README.md §5, as the chat and group read models need them. */
export const STATUS_BROADCAST_JID = 'status@broadcast';

export const isGroupJid = (jid: string): boolean => jid.endsWith('@g.us');

export const isLidJid = (jid: unknown): jid is string => typeof jid === 'string' && jid.endsWith('@lid');

/** The LID of an Identity: its `lid`, or its `id` when the id itself is a LID (phone not known yet). */
export function lidOf(identity: Pick<IdentityDto, 'id' | 'lid'>): string | null {
  if (identity.lid) return identity.lid;
  return isLidJid(identity.id) ? identity.id : null;
}

/** WSAPI marshals an absent JID as "" in some places: treat it as absent. */
export const jidOrNull = (jid: string | null | undefined): string | null => (jid ? jid : null);
