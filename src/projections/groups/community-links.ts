import { GroupEventDto } from '../../wsapi/payloads/group-events.dto';
import { jidOrNull } from '../chat-common/jid';
import { RowPatch } from '../upsert/table-spec';

/** whatsmeow's GroupLinkChangeType, which WSAPI passes through as link.type / unlink.type. */
enum LinkType {
  /** The event's group was linked to (or unlinked from) the community `groupId`. */
  Parent = 'parent_group',
  /** `groupId` was linked to (or unlinked from) the event's group, a community. */
  Sub = 'sub_group',
}

export interface CommunityFacts {
  /** Columns for the event's own group. */
  own: RowPatch;
  /** Patches for the other groups the event tells something about (keyed by id only). */
  others: RowPatch[];
}

/**
 * Community facts of a `group` event: self-join metadata (isCommunity, communityId,
 * isAnnouncementGroup) and link/unlink blocks. Each side of a link learns its part: the child its
 * community_id, the parent that it is a community. Sibling links say nothing about either.
 */
export function communityFacts(data: GroupEventDto, at: string): CommunityFacts {
  const own: RowPatch = {};
  const others: RowPatch[] = [];
  const communityIs = (communityId: string | null) => Object.assign(own, { community_id: communityId, community_at: at });
  const markCommunity = (id: string) => others.push({ id, is_community: true });

  if (data.isCommunity === true) own.is_community = true;
  if (data.isAnnouncementGroup === true) own.is_announcement_group = true;
  const joinedCommunity = communityOf(data.id, data.communityId);
  if (joinedCommunity) {
    communityIs(joinedCommunity);
    markCommunity(joinedCommunity);
  }

  if (data.link?.type === LinkType.Parent) {
    communityIs(data.link.groupId);
    others.push({ id: data.link.groupId, is_community: true, ...nameFact(data.link.groupName, at) });
  } else if (data.link?.type === LinkType.Sub) {
    own.is_community = true;
    others.push({
      id: data.link.groupId,
      community_id: data.id,
      community_at: at,
      ...(data.link.isAnnouncementGroup === true ? { is_announcement_group: true } : {}),
      ...nameFact(data.link.groupName, at),
    });
  }

  if (data.unlink?.type === LinkType.Parent) communityIs(null);
  else if (data.unlink?.type === LinkType.Sub) others.push({ id: data.unlink.groupId, community_id: null, community_at: at });

  return { own, others };
}

/**
 * The community a group says it belongs to, or null: none given, or the group itself (a group is
 * not its own community; WSAPI's schema-built GET /groups example says so with placeholders).
 */
export function communityOf(groupId: string, communityId: string | null | undefined): string | null {
  const community = jidOrNull(communityId);
  return community === groupId ? null : community;
}

/** A link names the other group as it was called at the time: a name fact like any other. */
export function nameFact(name: string | undefined, at: string): RowPatch {
  return name ? { name, name_at: at } : {};
}
