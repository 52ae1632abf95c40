import { SnapshotEventType } from '../../wsapi/payloads/snapshot.dto';
import { SourceEvent } from '../engine/projection';
import { RowPatch } from '../upsert/table-spec';
import { isJsonObject } from './json-object';

/**
 * One source saying that a LID and a phone JID name the same person, so that a one-to-one chat
 * named by that LID is the chat of that phone JID. `seenAt` (the envelope's receivedAt) decides
 * between sources that disagree (lid-phone-map.ts). It travels among the projection's row
 * patches (hence the index signature) and is told apart from them by its class.
 */
export class LidPhoneLink {
  [field: string]: unknown;

  constructor(
    readonly instanceId: string,
    readonly lid: string,
    readonly phoneJid: string,
    readonly seenAt: string,
  ) {}
}

/** `<digits>@lid` and `<digits>@s.whatsapp.net`; device JIDs (`<digits>:<n>@…`) are not chat ids. */
const isUserLid = (value: unknown): value is string => typeof value === 'string' && value.endsWith('@lid') && !value.includes(':');
const isPhoneJid = (value: unknown): value is string => typeof value === 'string' && value.endsWith('@s.whatsapp.net') && !value.includes(':');

/** The event types other than its own that the messages projection reads for their links. */
export const LINK_EVENT_TYPES: readonly string[] = [
  'contact',
  'chat_push_name',
  'chat_status',
  'chat_picture',
  'group',
  SnapshotEventType.Contacts,
  SnapshotEventType.Chats,
  SnapshotEventType.Groups,
];

/**
 * The links named by an event the messages projection reads only for them: contacts, push
 * names, statuses, pictures, group members and the REST snapshots. Read leniently: whatever is
 * not an Identity with a phone JID `id` and a `lid` is passed over (the contacts, chats and groups
 * projections judge these events; an odd one must not dead-letter anything here).
 */
export function eventLinks(event: SourceEvent): LidPhoneLink[] {
  const data = event.eventData;
  const identities: unknown[] = [];
  switch (event.eventType) {
    case 'contact':
      identities.push(data.contact ?? data); // older SDKs: a flat id/lid
      break;
    case 'chat_push_name':
    case 'chat_status':
      identities.push(data.user);
      break;
    case 'chat_picture':
      identities.push(data.sender);
      break;
    case 'group':
      identities.push(data.sender, ...listOf(data.join), ...listOf(data.leave), ...listOf(data.promote), ...listOf(data.demote));
      break;
    case SnapshotEventType.Contacts:
    case SnapshotEventType.Chats:
      identities.push(...listOf(data.items));
      break;
    case SnapshotEventType.Groups:
      for (const group of listOf(data.items)) if (isJsonObject(group)) identities.push(group.owner, ...listOf(group.participants));
      break;
    default:
      return [];
  }
  return distinctLinks(identities.map((identity) => linkOf(event.instanceId, identity, event.eventTime)));
}

/**
 * The links carried by message rows: a sender named by both its phone JID and its LID (live
 * messages and history elements alike). Only base rows have a sender; one link per sender.
 */
export function senderLinks(patches: RowPatch[]): LidPhoneLink[] {
  const links = new Map<string, LidPhoneLink>();
  for (const patch of patches) {
    const { sender_id: phoneJid, sender_lid: lid } = patch;
    if (!isUserLid(lid) || !isPhoneJid(phoneJid)) continue;
    const key = `${patch.instance_id} ${lid} ${phoneJid}`;
    const seenAt = patch.first_seen_at as string;
    const known = links.get(key);
    if (!known || seenAt < known.seenAt) links.set(key, new LidPhoneLink(patch.instance_id as string, lid, phoneJid, seenAt));
  }
  return [...links.values()];
}

function linkOf(instanceId: string, identity: unknown, seenAt: string): LidPhoneLink | undefined {
  if (!isJsonObject(identity) || !isUserLid(identity.lid) || !isPhoneJid(identity.id)) return undefined;
  return new LidPhoneLink(instanceId, identity.lid, identity.id, seenAt);
}

function distinctLinks(links: (LidPhoneLink | undefined)[]): LidPhoneLink[] {
  const byPair = new Map<string, LidPhoneLink>();
  for (const link of links) if (link) byPair.set(`${link.lid} ${link.phoneJid}`, link);
  return [...byPair.values()];
}

const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
