import { InvalidPayloadError } from '../../wsapi/payloads/invalid-payload.error';
import { example, exampleEvent, sourceEvent } from '../chat-common/example-events.spec';
import { foldPatches } from '../upsert/merge-patches';
import { GROUP_PARTICIPANTS_TABLE } from './group-participants.table';
import { GroupsChange } from './groups-change';
import { GroupsProjection } from './groups.projection';

const RECEIVED = '2026-03-01T10:15:30.123Z';
const GROUP = '120363099887766554@g.us';
const COMMUNITY = '120363000000000001@g.us';
const INSTANCE = 'ins_demo0001';
const person = (n: number) => ({ id: `155501002${String(n).padStart(2, '0')}@s.whatsapp.net`, lid: `880000002${String(n).padStart(2, '0')}@lid`, phone: `155501002${String(n).padStart(2, '0')}` });
const participantKey = (n: number, at: string) => ({ instance_id: INSTANCE, group_id: GROUP, participant_id: person(n).id, participant_lid: person(n).lid, phone: person(n).phone, updated_at: at });

describe('GroupsProjection.decode', () => {
  const projection = new GroupsProjection();
  const decode = (eventType: string, eventData: Record<string, unknown>): GroupsChange[] => projection.decode(sourceEvent(eventType, eventData, RECEIVED));
  const tableRows = (changes: GroupsChange[], table: string) => changes.filter((change) => change.table === table).map((change) => change.row);

  describe('group events', () => {
    it('maps the example: name and membership at WhatsApp\'s timestamp, the joiner as a plain member', () => {
      const at = '2026-03-01T10:20:00.000Z';
      expect(projection.decode(exampleEvent('group'))).toEqual([
        { table: 'groups', row: { instance_id: INSTANCE, id: GROUP, updated_at: at, name: 'Compiler Club', name_at: at, is_member: true, membership_at: at } },
        { table: 'group_participants', row: { ...participantKey(1, at), is_member: true, is_admin: false, membership_at: at } },
      ]);
    });

    it('maps leave and promote; a leave list asserts nothing about this instance (it may be our own removal)', () => {
      const at = '2026-03-01T10:25:00.000Z';
      expect(projection.decode(exampleEvent('group.leave-promote'))).toEqual([
        { table: 'groups', row: { instance_id: INSTANCE, id: GROUP, updated_at: at } },
        { table: 'group_participants', row: { ...participantKey(0, at), is_member: true, is_admin: true, membership_at: at } },
        { table: 'group_participants', row: { ...participantKey(1, at), is_member: false, is_admin: false, membership_at: at } },
      ]);
    });

    it('gives a person named in two lists of one event a fixed role: join+promote = admin, leave wins', () => {
      const rows = tableRows(decode('group', { id: GROUP, timestamp: '2026-03-01T10:00:00Z', join: [person(1), person(2)], promote: [person(1)], leave: [person(2)] }), 'group_participants');
      expect(rows.map(({ participant_id, is_member, is_admin }) => ({ participant_id, is_member, is_admin }))).toEqual([
        { participant_id: person(1).id, is_member: true, is_admin: true },
        { participant_id: person(2).id, is_member: false, is_admin: false },
      ]);
    });

    it('maps every setting block at the event time', () => {
      const at = '2026-03-01T10:00:00.000Z';
      const data = {
        id: GROUP,
        timestamp: at,
        description: { topic: 'Reading group' },
        locked: { isLocked: true },
        announce: { isAnnounce: false },
        membershipApproval: { isRequired: true },
        suspended: false,
      };
      expect(tableRows(decode('group', data), 'groups')).toEqual([
        {
          instance_id: INSTANCE, id: GROUP, updated_at: at,
          description: 'Reading group', description_at: at,
          is_locked: true, locked_at: at,
          is_announce: false, announce_at: at,
          is_join_approval_required: true, join_approval_at: at,
          is_suspended: false, suspended_at: at,
          is_member: true, membership_at: at,
        },
      ]);
      expect(tableRows(decode('group', { id: GROUP, timestamp: at, description: {} }), 'groups')[0]).toMatchObject({ description: null, description_at: at });
      expect(tableRows(decode('group', { id: GROUP, timestamp: at, description: { topic: '' } }), 'groups')[0]).toMatchObject({ description: null, description_at: at });
    });

    it('marks a deleted group as left, with the reason', () => {
      expect(tableRows(decode('group', { id: GROUP, timestamp: '2026-03-01T10:00:00Z', delete: { reason: 'admin' } }), 'groups')).toEqual([
        { instance_id: INSTANCE, id: GROUP, updated_at: '2026-03-01T10:00:00.000Z', delete_reason: 'admin', deleted_at: '2026-03-01T10:00:00.000Z', is_member: false, membership_at: '2026-03-01T10:00:00.000Z' },
      ]);
    });

    it('versions a self-join (no timestamp) by receivedAt and records its community metadata on both groups', () => {
      const changes = decode('group', { id: GROUP, join: [person(0)], joinReason: 'invite', communityId: COMMUNITY, isAnnouncementGroup: true });
      expect(tableRows(changes, 'groups')).toEqual([
        { instance_id: INSTANCE, id: GROUP, updated_at: RECEIVED, is_member: true, membership_at: RECEIVED, is_announcement_group: true, community_id: COMMUNITY, community_at: RECEIVED },
        { instance_id: INSTANCE, id: COMMUNITY, updated_at: RECEIVED, is_community: true },
      ]);
    });

    it.each([
      ['link parent_group', { link: { type: 'parent_group', groupId: COMMUNITY, groupName: 'Makers' } }, { community_id: COMMUNITY, community_at: RECEIVED }, { id: COMMUNITY, is_community: true, name: 'Makers', name_at: RECEIVED }],
      ['link sub_group', { link: { type: 'sub_group', groupId: '1203639@g.us', isAnnouncementGroup: true } }, { is_community: true }, { id: '1203639@g.us', community_id: GROUP, community_at: RECEIVED, is_announcement_group: true }],
      ['unlink parent_group', { unlink: { type: 'parent_group', groupId: COMMUNITY, reason: 'unlink_group' } }, { community_id: null, community_at: RECEIVED }, undefined],
      ['unlink sub_group', { unlink: { type: 'sub_group', groupId: '1203639@g.us' } }, {}, { id: '1203639@g.us', community_id: null, community_at: RECEIVED }],
      ['link sibling_group', { link: { type: 'sibling_group', groupId: '1203639@g.us' } }, {}, undefined],
    ])('maps %s onto both sides', (_, block, own, other) => {
      const rows = tableRows(decode('group', { id: GROUP, ...block }), 'groups');
      expect(rows[0]).toEqual({ instance_id: INSTANCE, id: GROUP, updated_at: RECEIVED, is_member: true, membership_at: RECEIVED, ...own });
      expect(rows[1]).toEqual(other && { instance_id: INSTANCE, updated_at: RECEIVED, ...other });
    });

    it.each([
      ['without an id', { name: { name: 'x' } }, /id/],
      ['with a join that is not a list of identities', { id: GROUP, join: [{ lid: 'x@lid' }] }, /join\.0\.id/],
      ['with a mistyped block', { id: GROUP, locked: { isLocked: 'yes' } }, /locked\.isLocked/],
      ['with a timestamp that is not a time', { id: GROUP, timestamp: 'soon', name: { name: 'x' } }, /timestamp/],
    ])('is poison %s', (_, data, reason) => {
      expect(() => decode('group', data)).toThrow(InvalidPayloadError);
      expect(() => decode('group', data)).toThrow(reason);
    });
  });

  describe('chat_setting', () => {
    it('takes the disappearing-messages timer of a group, in seconds', () => {
      expect(decode('chat_setting', { id: GROUP, settingType: 'ephemeral', ephemeral: { expiration: '90d' } })).toEqual([
        { table: 'groups', row: { instance_id: INSTANCE, id: GROUP, is_ephemeral: true, ephemeral_expiration: 7776000, ephemeral_at: RECEIVED, updated_at: RECEIVED } },
      ]);
      expect(decode('chat_setting', { id: GROUP, settingType: 'ephemeral', ephemeral: { expiration: 'off' } })[0].row).toMatchObject({ is_ephemeral: false, ephemeral_expiration: 0 });
    });

    it('leaves other settings and one-to-one chats (and their validation) to the chats projection', () => {
      expect(projection.decode(exampleEvent('chat_setting.archive'))).toEqual([]);
      expect(decode('chat_setting', { id: person(1).id, settingType: 'ephemeral', ephemeral: { expiration: 'nonsense' } })).toEqual([]);
    });
  });

  describe('groups snapshot', () => {
    it('maps GET /groups: the listing, every reported fact at the fetch time, participants with both JIDs listed', () => {
      const changes = decode('groups_snapshot', { items: example<unknown[]>('rest-groups') });
      expect(tableRows(changes, 'group_snapshots')).toEqual([{ instance_id: INSTANCE, group_ids: [GROUP], taken_at: RECEIVED }]);
      expect(tableRows(changes, 'groups')).toEqual([
        {
          instance_id: INSTANCE, id: GROUP, updated_at: RECEIVED,
          is_member: true, membership_at: RECEIVED,
          created_at: '2025-09-09T09:09:09.000Z',
          community_id: null, community_at: RECEIVED,
          name: 'Compiler Club', name_at: RECEIVED,
          description: 'Weekly compiler reading group', description_at: RECEIVED,
          owner_id: person(2).id, member_add_mode: 'admin_add', details_at: RECEIVED,
          is_announce: false, announce_at: RECEIVED,
          is_locked: false, locked_at: RECEIVED,
          is_ephemeral: true, ephemeral_expiration: 604800, ephemeral_at: RECEIVED,
          is_join_approval_required: false, join_approval_at: RECEIVED,
          listed_participants: [person(0).id, person(2).id, person(0).lid, person(2).lid].sort(),
          participants_listed_at: RECEIVED,
        },
      ]);
      expect(tableRows(changes, 'group_participants')).toEqual([
        { ...participantKey(2, RECEIVED), is_member: true, is_admin: true, membership_at: RECEIVED, is_super_admin: true, display_name: 'Alan', listed_at: RECEIVED },
        { ...participantKey(0, RECEIVED), is_member: true, is_admin: false, membership_at: RECEIVED, is_super_admin: false, display_name: 'Me', listed_at: RECEIVED },
      ]);
    });

    it('marks the community of a listed group as a community, and an empty listing still counts', () => {
      const changes = decode('groups_snapshot', { items: [{ groupId: GROUP, communityId: COMMUNITY, owner: { id: '' } }] });
      expect(tableRows(changes, 'groups')).toEqual([
        expect.objectContaining({ id: GROUP, community_id: COMMUNITY, owner_id: null, member_add_mode: null }),
        { instance_id: INSTANCE, id: COMMUNITY, is_community: true, updated_at: RECEIVED },
      ]);
      expect(tableRows(changes, 'groups')[0]).not.toHaveProperty('listed_participants');
      expect(decode('groups_snapshot', { items: [] })).toEqual([{ table: 'group_snapshots', row: { instance_id: INSTANCE, group_ids: [], taken_at: RECEIVED } }]);
    });

    // groups.list.200.json of the corpus (schema-built: every string is "string") names a group as
    // its own community; the docs have a group become a community by being *another* group's.
    it('takes a communityId equal to the group itself for none: a group is not its own community', () => {
      const changes = decode('groups_snapshot', { items: [{ groupId: GROUP, communityId: GROUP }] });
      expect(tableRows(changes, 'groups')).toEqual([expect.objectContaining({ id: GROUP, community_id: null, community_at: RECEIVED })]);
      expect(tableRows(changes, 'groups')[0]).not.toHaveProperty('is_community');
      const selfJoin = decode('group', { id: GROUP, join: [person(0)], joinReason: 'invite', communityId: GROUP });
      expect(tableRows(selfJoin, 'groups')).toEqual([{ instance_id: INSTANCE, id: GROUP, updated_at: RECEIVED, is_member: true, membership_at: RECEIVED }]);
    });

    it('is poison as a whole when one item is invalid', () => {
      expect(() => decode('groups_snapshot', { items: [{ groupId: GROUP }, { groupId: GROUP, participants: [{ isAdmin: true }] }] })).toThrow(/groups snapshot item 1: participants\.0\.id/);
    });
  });
});

describe('group participant merge rules', () => {
  const projection = new GroupsProjection();
  const events = [
    { id: GROUP, timestamp: '2026-03-01T10:00:00Z', join: [person(1)] },
    { id: GROUP, timestamp: '2026-03-01T10:01:00Z', promote: [person(1)] },
    { id: GROUP, timestamp: '2026-03-01T10:02:00Z', demote: [person(1)] },
    { id: GROUP, timestamp: '2026-03-01T10:03:00Z', leave: [person(1)] },
    { id: GROUP, timestamp: '2026-03-01T10:04:00Z', join: [person(1)] },
    { id: GROUP, timestamp: '2026-03-01T10:05:00Z', promote: [person(1)] },
  ];
  const patches = events.map((data) => projection.decode(sourceEvent('group', data)).find((change) => change.table === 'group_participants')!.row);

  it('give the state of the newest event for every arrival order', () => {
    const results = permutations(patches).map((order) => foldPatches(GROUP_PARTICIPANTS_TABLE, order));
    for (const result of results) expect(result).toEqual(results[0]);
    expect(results[0][0]).toMatchObject({ is_member: true, is_admin: true, membership_at: '2026-03-01T10:05:00.000Z' });
    expect(foldPatches(GROUP_PARTICIPANTS_TABLE, patches.slice(0, 4).reverse())[0]).toMatchObject({ is_member: false, is_admin: false });
  });
});

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, index) => permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]));
}
