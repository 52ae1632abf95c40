import { Client } from 'pg';
import { Kafka, Producer } from 'kafkajs';
import { envelope, uniqueInstance } from '../support/events';
import { eventually, testDatabase } from '../support/database';
import { postWebhook } from '../support/http';
import { RunningApp, startTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { readRecords, testKafka } from '../support/topic-reader';
import { GroupsProjection } from '../../src/projections/groups/groups.projection';
import { applyInBatches, shuffles, TestEvent } from './arrival-orders';

const G1 = '120363099887766554@g.us';
const G2 = '120363011111111111@g.us';
const G3 = '120363022222222222@g.us';
const COMMUNITY = '120363000000000001@g.us';
/** Person n: phone JID, LID and digits, as WSAPI's Identity. */
const person = (n: number) => ({ id: `1555010020${n}@s.whatsapp.net`, lid: `8800000020${n}@lid`, phone: `1555010020${n}` });
const time = (iso: string) => new Date(iso);

describe('groups projection (real Kafka + Postgres)', () => {
  let running: RunningApp;
  let db: Client;
  let kafka: Kafka;
  let producer: Producer;

  beforeAll(async () => {
    running = await startTestApp(testConfig());
    db = await testDatabase();
    kafka = testKafka();
    producer = kafka.producer();
    await producer.connect();
  });
  afterAll(async () => {
    await producer?.disconnect();
    await running?.close();
    await db?.end();
  });

  const post = async (body: string) => expect((await postWebhook(running.baseUrl, body)).status).toBe(200);
  const groupEvent = (instance: string, at: string, data: Record<string, unknown>, eventId?: string) =>
    post(envelope(instance, 'group', { id: G1, timestamp: at, sender: { ...person(9), isMe: false }, ...data }, at, eventId));
  const publishSnapshot = (instance: string, items: unknown[], fetchedAt: string) =>
    producer.send({ topic: `${running.config.KAFKA_TOPIC_PREFIX}.snapshots`, messages: [{ key: instance, value: envelope(instance, 'groups_snapshot', { items }, fetchedAt) }] });
  const query = (text: string, instance: string) => db.query(text, [instance]).then((result) => result.rows);
  const members = (instance: string) =>
    query('SELECT group_id, participant_id, participant_lid, is_member, is_admin FROM group_participants WHERE instance_id = $1 ORDER BY group_id, participant_id', instance);
  const currentMembers = (instance: string) =>
    query('SELECT group_id, participant_id, is_admin, display_name FROM current_group_participants WHERE instance_id = $1 ORDER BY group_id, participant_id', instance);
  const groupMembership = (instance: string) => query('SELECT id, name, is_member FROM groups WHERE instance_id = $1 ORDER BY id', instance);
  const currentGroups = (instance: string) => query('SELECT id, name FROM current_groups WHERE instance_id = $1 ORDER BY id', instance);

  it('keeps the newest membership and admin state of each person whatever order join/leave/promote/demote arrive in', async () => {
    const instance = uniqueInstance();
    const [p1, p2, p3] = [person(1), person(2), person(3)];
    await groupEvent(instance, '2026-03-01T10:01:00Z', { promote: [p1] });
    await groupEvent(instance, '2026-03-01T10:03:00Z', { leave: [p1] });
    await groupEvent(instance, '2026-03-01T10:00:00Z', { join: [p1, p2, p3], name: { name: 'Compiler Club' } });
    await groupEvent(instance, '2026-03-01T10:05:00Z', { join: [p1] }); // re-joins: a plain member again
    await groupEvent(instance, '2026-03-01T10:02:00Z', { demote: [p1], name: { name: 'Old name' } }); // older than the rejoin
    await groupEvent(instance, '2026-03-01T10:04:00Z', { promote: [p2] });
    await groupEvent(instance, '2026-03-01T10:02:00Z', { demote: [p2] }); // older than the promote: loses
    await groupEvent(instance, '2026-03-01T10:06:00Z', { leave: [p3] }); // posted last: once visible, everything before was applied

    await eventually(async () => {
      expect(await members(instance)).toEqual([
        { group_id: G1, participant_id: p1.id, participant_lid: p1.lid, is_member: true, is_admin: false },
        { group_id: G1, participant_id: p2.id, participant_lid: p2.lid, is_member: true, is_admin: true },
        { group_id: G1, participant_id: p3.id, participant_lid: p3.lid, is_member: false, is_admin: false },
      ]);
    });
    expect(await groupMembership(instance)).toEqual([{ id: G1, name: 'Old name', is_member: true }]);
    expect(await currentMembers(instance)).toEqual([
      { group_id: G1, participant_id: p1.id, is_admin: false, display_name: null },
      { group_id: G1, participant_id: p2.id, is_admin: true, display_name: null },
    ]);
  });

  it('merges a participant first known by LID into the phone JID row', async () => {
    const instance = uniqueInstance();
    const p1 = person(1);
    await groupEvent(instance, '2026-03-01T10:00:00Z', { join: [{ id: p1.lid }] });
    await eventually(async () => expect(await members(instance)).toEqual([{ group_id: G1, participant_id: p1.lid, participant_lid: p1.lid, is_member: true, is_admin: false }]));
    await groupEvent(instance, '2026-03-01T10:01:00Z', { promote: [p1] });
    await groupEvent(instance, '2026-03-01T10:02:00Z', { demote: [{ id: p1.lid }] }); // re-keyed to the phone row

    await eventually(async () => {
      expect(await members(instance)).toEqual([{ group_id: G1, participant_id: p1.id, participant_lid: p1.lid, is_member: true, is_admin: false }]);
    });
  });

  it('takes a snapshot as authoritative: unlisted groups and participants are gone, and late older events cannot bring them back', async () => {
    const instance = uniqueInstance();
    const [p1, p2, p3, p4] = [person(1), person(2), person(3), person(4)];
    await groupEvent(instance, '2026-03-01T10:00:00Z', { id: G1, join: [p1, p2], name: { name: 'Compiler Club' } });
    await groupEvent(instance, '2026-03-01T10:00:00Z', { id: G2, name: { name: 'Old friends' } });
    await eventually(async () => expect(await currentGroups(instance)).toEqual([{ id: G2, name: 'Old friends' }, { id: G1, name: 'Compiler Club' }]));

    // At noon the instance is only in G1, whose participants are now p2 (admin) and p3.
    await publishSnapshot(instance, [{
      groupId: G1,
      owner: { id: p2.id, lid: p2.lid, phone: p2.phone },
      name: 'Compiler Club',
      createdAt: '2025-09-09T09:09:09Z',
      description: 'Weekly compiler reading group',
      isAnnounce: false,
      isLocked: true,
      isEphemeral: true,
      ephemeralExpiration: 604800,
      participants: [{ ...p2, isAdmin: true, isSuperAdmin: true, displayName: 'Alan' }, { ...p3, isAdmin: false, isSuperAdmin: false, displayName: 'Barbara' }],
      isAnnouncementGroup: false,
      isJoinApprovalRequired: false,
      memberAddMode: 'admin_add',
    }], '2026-03-01T12:00:00Z');
    await eventually(async () => expect(await currentGroups(instance)).toEqual([{ id: G1, name: 'Compiler Club' }]));

    // Delivered late, happened before the snapshot: must change nothing the snapshot settled.
    await groupEvent(instance, '2026-03-01T11:00:00Z', { id: G2, name: { name: 'Old friends (renamed)' } });
    await groupEvent(instance, '2026-03-01T11:30:00Z', { id: G3, name: { name: 'Never seen before' } });
    await groupEvent(instance, '2026-03-01T11:00:00Z', { id: G1, join: [p1, p4] });
    // Happened after the snapshot: applies.
    await groupEvent(instance, '2026-03-01T12:30:00Z', { id: G1, leave: [p3], locked: { isLocked: false } });
    await groupEvent(instance, '2026-03-01T12:45:00Z', { id: G1, join: [p4] }); // posted last

    await eventually(async () => {
      expect(await currentMembers(instance)).toEqual([
        { group_id: G1, participant_id: p2.id, is_admin: true, display_name: 'Alan' },
        { group_id: G1, participant_id: p4.id, is_admin: false, display_name: null },
      ]);
    });
    expect(await groupMembership(instance)).toEqual([
      { id: G2, name: 'Old friends (renamed)', is_member: false },
      { id: G3, name: 'Never seen before', is_member: false },
      { id: G1, name: 'Compiler Club', is_member: true },
    ]);
    expect(await currentGroups(instance)).toEqual([{ id: G1, name: 'Compiler Club' }]);
    expect(await members(instance)).toEqual([
      { group_id: G1, participant_id: p1.id, participant_lid: p1.lid, is_member: false, is_admin: false },
      { group_id: G1, participant_id: p2.id, participant_lid: p2.lid, is_member: true, is_admin: true },
      { group_id: G1, participant_id: p3.id, participant_lid: p3.lid, is_member: false, is_admin: false },
      { group_id: G1, participant_id: p4.id, participant_lid: p4.lid, is_member: true, is_admin: false },
    ]);
    expect(await query(
      `SELECT owner_id, created_at, description, is_announce, is_locked, is_ephemeral, ephemeral_expiration, is_community, community_id,
              is_announcement_group, is_join_approval_required, member_add_mode FROM current_groups WHERE instance_id = $1`,
      instance,
    )).toEqual([{
      owner_id: p2.id, created_at: time('2025-09-09T09:09:09Z'), description: 'Weekly compiler reading group', is_announce: false, is_locked: false,
      is_ephemeral: true, ephemeral_expiration: 604800, is_community: false, community_id: null, is_announcement_group: false,
      is_join_approval_required: false, member_add_mode: 'admin_add',
    }]);
  });

  it('lets the newest snapshot win when an older one is delivered after it', async () => {
    const instance = uniqueInstance();
    const [p1, p2] = [person(1), person(2)];
    await publishSnapshot(instance, [{ groupId: G1, name: 'Newer', participants: [{ ...p2, isAdmin: false, isSuperAdmin: false }] }], '2026-03-01T12:00:00Z');
    await publishSnapshot(instance, [
      { groupId: G1, name: 'Older', participants: [{ ...p1, isAdmin: true, isSuperAdmin: true }] },
      { groupId: G2, name: 'Left since', participants: [] },
    ], '2026-03-01T11:00:00Z');
    await groupEvent(instance, '2026-03-01T12:10:00Z', { id: G1, description: { topic: 'posted last' } });

    await eventually(async () => {
      expect(await query('SELECT id, name, description, is_member FROM groups WHERE instance_id = $1 ORDER BY id', instance)).toEqual([
        { id: G2, name: 'Left since', description: null, is_member: false },
        { id: G1, name: 'Newer', description: 'posted last', is_member: true },
      ]);
    });
    expect(await members(instance)).toEqual([
      { group_id: G1, participant_id: p1.id, participant_lid: p1.lid, is_member: false, is_admin: false },
      { group_id: G1, participant_id: p2.id, participant_lid: p2.lid, is_member: true, is_admin: false },
    ]);
  });

  it('records community links, disappearing-message changes and deletions', async () => {
    const instance = uniqueInstance();
    await groupEvent(instance, '2026-03-01T10:00:00Z', { id: G1, link: { type: 'parent_group', groupId: COMMUNITY, groupName: 'Makers' } });
    await post(envelope(instance, 'chat_setting', { id: G1, settingType: 'ephemeral', ephemeral: { expiration: '24h', sender: person(9) } }, '2026-03-01T10:01:00Z'));
    await groupEvent(instance, '2026-03-01T10:02:00Z', { id: G2, name: { name: 'Doomed' } });
    await groupEvent(instance, '2026-03-01T10:03:00Z', { id: G2, delete: { reason: 'admin' } });

    await eventually(async () => {
      expect(await query('SELECT id, name, is_community, community_id, is_ephemeral, ephemeral_expiration, is_member, delete_reason FROM groups WHERE instance_id = $1 ORDER BY id', instance)).toEqual([
        { id: COMMUNITY, name: 'Makers', is_community: true, community_id: null, is_ephemeral: null, ephemeral_expiration: null, is_member: null, delete_reason: null },
        { id: G2, name: 'Doomed', is_community: false, community_id: null, is_ephemeral: null, ephemeral_expiration: null, is_member: false, delete_reason: 'admin' },
        { id: G1, name: null, is_community: false, community_id: COMMUNITY, is_ephemeral: true, ephemeral_expiration: 86400, is_member: true, delete_reason: null },
      ]);
    });
  });

  it('ends in the same rows for every arrival order and batch split (decode + apply straight on Postgres)', async () => {
    const [p1, p2, p3, p4] = [person(1), person(2), person(3), person(4)];
    const at = (hhmm: string) => `2026-03-01T${hhmm}:00.000Z`;
    const group = (hhmm: string, data: Record<string, unknown>): TestEvent => ({ eventType: 'group', eventTime: at(hhmm), eventData: { timestamp: at(hhmm), ...data } });
    const snapshot = (hhmm: string, items: unknown[]): TestEvent => ({ eventType: 'groups_snapshot', eventTime: at(hhmm), eventData: { items } });
    const events: TestEvent[] = [
      group('10:00', { id: G1, join: [p1, p2], name: { name: 'First' } }),
      group('10:01', { id: G1, promote: [p2] }),
      group('10:02', { id: G1, join: [{ id: p3.lid }] }),
      group('10:03', { id: G2, name: { name: 'Second' } }),
      group('10:04', { id: G1, leave: [p1] }),
      snapshot('10:15', [{ groupId: G1, name: 'First', participants: [{ ...p1, isAdmin: false }, { ...p2, isAdmin: true }] }, { groupId: G2, participants: [] }]),
      group('10:30', { id: G3, name: { name: 'Late and stale' } }),
      snapshot('11:00', [{ groupId: G1, name: 'Renamed', isLocked: true, communityId: COMMUNITY, participants: [{ ...p2, isAdmin: true, isSuperAdmin: true, displayName: 'Alan' }, { ...p3, isAdmin: false }] }]),
      group('11:30', { id: G1, join: [p4], locked: { isLocked: false } }),
      group('11:40', { id: G1, demote: [p2], unlink: { type: 'parent_group', groupId: COMMUNITY } }),
      { eventType: 'chat_setting', eventTime: at('11:45'), eventData: { id: G1, settingType: 'ephemeral', ephemeral: { expiration: '7d' } } },
      group('11:50', { id: G2, delete: { reason: 'admin' } }),
    ];
    const projection = new GroupsProjection();
    const results: unknown[] = [];
    for (const [n, order] of shuffles(events, 12).entries()) {
      const instance = uniqueInstance();
      await applyInBatches(db, projection, instance, order, 1 + (n % 3));
      results.push({
        groups: await query('SELECT * FROM groups WHERE instance_id = $1 ORDER BY id', instance),
        participants: await query('SELECT * FROM group_participants WHERE instance_id = $1 ORDER BY group_id, participant_id', instance),
      });
    }
    const withoutInstance = (rows: Record<string, unknown>[]) => rows.map(({ instance_id: _, ...row }) => row);
    const normalized = results.map((result: any) => ({ groups: withoutInstance(result.groups), participants: withoutInstance(result.participants) }));
    for (const result of normalized) expect(result).toEqual(normalized[0]);

    expect(normalized[0].groups.map(({ id, name, is_member, is_locked, community_id, ephemeral_expiration }) => ({ id, name, is_member, is_locked, community_id, ephemeral_expiration }))).toEqual([
      { id: COMMUNITY, name: null, is_member: false, is_locked: null, community_id: null, ephemeral_expiration: null },
      { id: G2, name: 'Second', is_member: false, is_locked: null, community_id: null, ephemeral_expiration: null },
      { id: G3, name: 'Late and stale', is_member: false, is_locked: null, community_id: null, ephemeral_expiration: null },
      { id: G1, name: 'Renamed', is_member: true, is_locked: false, community_id: null, ephemeral_expiration: 604800 },
    ]);
    expect(normalized[0].participants.map(({ participant_id, participant_lid, phone, is_member, is_admin, is_super_admin }) => ({ participant_id, participant_lid, phone, is_member, is_admin, is_super_admin }))).toEqual([
      { participant_id: p1.id, participant_lid: p1.lid, phone: p1.phone, is_member: false, is_admin: false, is_super_admin: null },
      { participant_id: p2.id, participant_lid: p2.lid, phone: p2.phone, is_member: true, is_admin: false, is_super_admin: true },
      { participant_id: p3.id, participant_lid: p3.lid, phone: p3.phone, is_member: true, is_admin: false, is_super_admin: null },
      { participant_id: p4.id, participant_lid: p4.lid, phone: p4.phone, is_member: true, is_admin: false, is_super_admin: null },
    ]);
  });

  it('sends a poison group event to the DLQ with the reason and keeps projecting its neighbours', async () => {
    const instance = uniqueInstance();
    await groupEvent(instance, '2026-03-01T10:00:00Z', { id: G1, name: { name: 'Before' } });
    await post(envelope(instance, 'group', { id: G1, join: 'everyone', locked: { isLocked: 'yes' } }, '2026-03-01T10:00:01Z', 'evt_group_poison'));
    await groupEvent(instance, '2026-03-01T10:00:02Z', { id: G1, description: { topic: 'After' } });

    await eventually(async () => expect(await query('SELECT name, description FROM groups WHERE instance_id = $1', instance)).toEqual([{ name: 'Before', description: 'After' }]));
    const letter = await eventually(async () => {
      const letters = await readRecords(kafka, [`${running.config.KAFKA_TOPIC_PREFIX}.dlq`], 1);
      const found = letters.find((record) => record.headers['wsapi-event-id'] === 'evt_group_poison' && record.headers['dlq-projection'] === 'groups');
      expect(found).toBeDefined();
      return found!;
    });
    expect(letter.headers).toMatchObject({
      'dlq-source-topic': `${running.config.KAFKA_TOPIC_PREFIX}.groups`,
      'dlq-error': expect.stringMatching(/^invalid group: (?=.*locked\.isLocked: isLocked must be a boolean)(?=.*join must be an array)/),
    });
  });
});
