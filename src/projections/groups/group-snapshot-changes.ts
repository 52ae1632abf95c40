import { RestGroupDto, RestGroupParticipantDto } from '../../wsapi/payloads/group-events.dto';
import { jidOrNull, lidOf } from '../chat-common/jid';
import { parseWsapiTime } from '../chat-common/wsapi-time';
import { RowPatch } from '../upsert/table-spec';
import { communityOf } from './community-links';
import { groupRow, GroupsChange, participantRow, snapshotRow } from './groups-change';
import { participantKey } from './participant-changes';

/**
 * A GET /groups response at its fetch time: every listed group and participant is current then,
 * and the response as a whole says which groups the instance was in (group_snapshots), from which
 * apply marks everything else as gone.
 */
export function groupSnapshotChanges(instanceId: string, items: RestGroupDto[], fetchedAt: string): GroupsChange[] {
  const listedGroups = snapshotRow({ instance_id: instanceId, group_ids: items.map((item) => item.groupId), taken_at: fetchedAt });
  return [listedGroups, ...items.flatMap((item) => listedGroupChanges(instanceId, item, fetchedAt))];
}

function listedGroupChanges(instanceId: string, item: RestGroupDto, at: string): GroupsChange[] {
  const communityId = communityOf(item.groupId, item.communityId);
  const changes = [groupRow(listedGroupRow(instanceId, item, at))];
  if (communityId) changes.push(groupRow({ instance_id: instanceId, id: communityId, is_community: true, updated_at: at }));
  for (const participant of item.participants ?? []) changes.push(participantRow(listedParticipantRow(instanceId, item.groupId, participant, at)));
  return changes;
}

/**
 * Each block is set only when the response reports it (a field missing from the response is not
 * evidence of anything), except the community link: GET /groups omits communityId for a group
 * outside any community, so its absence means "none" as of the snapshot.
 */
function listedGroupRow(instanceId: string, item: RestGroupDto, at: string): RowPatch {
  const row: RowPatch = {
    instance_id: instanceId,
    id: item.groupId,
    updated_at: at,
    is_member: true,
    membership_at: at,
    created_at: parseWsapiTime(item.createdAt, 'createdAt'),
    community_id: communityOf(item.groupId, item.communityId),
    community_at: at,
  };
  if (item.name !== undefined) Object.assign(row, { name: item.name, name_at: at });
  if (item.description !== undefined) Object.assign(row, { description: item.description || null, description_at: at });
  if (item.owner !== undefined || item.memberAddMode !== undefined) {
    Object.assign(row, { owner_id: jidOrNull(item.owner?.id), member_add_mode: item.memberAddMode ?? null, details_at: at });
  }
  if (item.isAnnounce !== undefined) Object.assign(row, { is_announce: item.isAnnounce, announce_at: at });
  if (item.isLocked !== undefined) Object.assign(row, { is_locked: item.isLocked, locked_at: at });
  if (item.isEphemeral !== undefined || item.ephemeralExpiration !== undefined) {
    Object.assign(row, { is_ephemeral: item.isEphemeral ?? (item.ephemeralExpiration ?? 0) > 0, ephemeral_expiration: item.ephemeralExpiration ?? null, ephemeral_at: at });
  }
  if (item.isAnnouncementGroup === true) row.is_announcement_group = true;
  if (item.isJoinApprovalRequired !== undefined) Object.assign(row, { is_join_approval_required: item.isJoinApprovalRequired, join_approval_at: at });
  if (item.participants !== undefined) Object.assign(row, { listed_participants: listedPersonIds(item.participants), participants_listed_at: at });
  return row;
}

function listedParticipantRow(instanceId: string, groupId: string, participant: RestGroupParticipantDto, at: string): RowPatch {
  return {
    ...participantKey(instanceId, groupId, participant, at),
    is_member: true,
    is_admin: participant.isAdmin ?? null,
    membership_at: at,
    is_super_admin: participant.isSuperAdmin ?? null,
    display_name: participant.displayName || null,
    listed_at: at,
  };
}

/** Both JIDs of every listed person, so a row still keyed by a LID is recognized as listed. */
function listedPersonIds(participants: RestGroupParticipantDto[]): string[] {
  const ids = new Set<string>();
  for (const participant of participants) {
    ids.add(participant.id);
    const lid = lidOf(participant);
    if (lid) ids.add(lid);
  }
  return [...ids].sort();
}
