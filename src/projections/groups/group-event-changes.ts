import { GroupEventDto } from '../../wsapi/payloads/group-events.dto';
import { parseWsapiTime } from '../chat-common/wsapi-time';
import { RowPatch } from '../upsert/table-spec';
import { communityFacts } from './community-links';
import { groupRow, GroupsChange } from './groups-change';
import { participantChanges } from './participant-changes';

/**
 * The changes one `group` event makes. Its facts are versioned by WhatsApp's own time of the
 * change (`timestamp`), which is comparable with a snapshot's fetch time (a snapshot reflects
 * exactly the changes made before it was fetched); events without one (self-join) use receivedAt.
 */
export function groupEventChanges(instanceId: string, data: GroupEventDto, receivedAt: string): GroupsChange[] {
  const at = parseWsapiTime(data.timestamp, 'timestamp') ?? receivedAt;
  const community = communityFacts(data, at);
  const group: RowPatch = {
    instance_id: instanceId,
    id: data.id,
    updated_at: at,
    ...settingFacts(data, at),
    ...membershipFacts(data, at),
    ...community.own,
  };
  const others = community.others.map((other) => groupRow({ instance_id: instanceId, updated_at: at, ...other }));
  return [groupRow(group), ...others, ...participantChanges(instanceId, data, at)];
}

function settingFacts(data: GroupEventDto, at: string): RowPatch {
  const facts: RowPatch = {};
  if (data.name) Object.assign(facts, { name: data.name.name, name_at: at });
  if (data.description) Object.assign(facts, { description: data.description.topic || null, description_at: at });
  if (data.locked) Object.assign(facts, { is_locked: data.locked.isLocked, locked_at: at });
  if (data.announce) Object.assign(facts, { is_announce: data.announce.isAnnounce, announce_at: at });
  if (data.membershipApproval) Object.assign(facts, { is_join_approval_required: data.membershipApproval.isRequired, join_approval_at: at });
  if (typeof data.suspended === 'boolean') Object.assign(facts, { is_suspended: data.suspended, suspended_at: at });
  if (data.delete) Object.assign(facts, { delete_reason: data.delete.reason ?? null, deleted_at: at });
  return facts;
}

/**
 * Whether this instance was in the group at the event's time. WhatsApp sends group notifications
 * only to participants, so receiving one shows membership — except a deletion (the group is gone)
 * and a `leave` list, which may be this account's own removal: the event does not say who "self"
 * is, so a leave asserts nothing and the next snapshot settles it.
 */
function membershipFacts(data: GroupEventDto, at: string): RowPatch {
  if (data.delete) return { is_member: false, membership_at: at };
  if (data.leave && data.leave.length > 0) return {};
  return { is_member: true, membership_at: at };
}
