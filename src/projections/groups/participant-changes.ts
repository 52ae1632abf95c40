import { IdentityDto } from '../../wsapi/payloads/identity.dto';
import { GroupEventDto } from '../../wsapi/payloads/group-events.dto';
import { lidOf } from '../chat-common/jid';
import { RowPatch } from '../upsert/table-spec';
import { GroupsChange, participantRow } from './groups-change';

interface Role {
  isMember: boolean;
  isAdmin: boolean;
}

/**
 * What each membership list says about a person at the event's time. Every list states the whole
 * role: joining makes a plain member (a re-joiner is no longer admin), promote/demote imply
 * membership (only members can be promoted), leaving (or being removed) ends both.
 */
const ROLE_BY_LIST: [keyof Pick<GroupEventDto, 'join' | 'promote' | 'demote' | 'leave'>, Role][] = [
  ['join', { isMember: true, isAdmin: false }],
  ['promote', { isMember: true, isAdmin: true }],
  ['demote', { isMember: true, isAdmin: false }],
  ['leave', { isMember: false, isAdmin: false }],
];

/**
 * One participant patch per person named in the event. Lists are applied in the order above, so a
 * person in two lists of one event gets a fixed answer (join + promote = admin; leave wins), not
 * one that depends on how the patches are folded.
 */
export function participantChanges(instanceId: string, data: GroupEventDto, at: string): GroupsChange[] {
  const byPerson = new Map<string, { identity: IdentityDto; role: Role }>();
  for (const [list, role] of ROLE_BY_LIST) {
    for (const identity of data[list] ?? []) byPerson.set(identity.id, { identity, role });
  }
  return [...byPerson.values()].map(({ identity, role }) =>
    participantRow({
      ...participantKey(instanceId, data.id, identity, at),
      is_member: role.isMember,
      is_admin: role.isAdmin,
      membership_at: at,
    }),
  );
}

export function participantKey(instanceId: string, groupId: string, identity: IdentityDto, at: string): RowPatch {
  return {
    instance_id: instanceId,
    group_id: groupId,
    participant_id: identity.id,
    participant_lid: lidOf(identity),
    phone: identity.phone || null,
    updated_at: at,
  };
}
