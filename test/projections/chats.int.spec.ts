import { Client } from 'pg';
import { Kafka, Producer } from 'kafkajs';
import { envelope, uniqueInstance } from '../support/events';
import { eventually, testDatabase } from '../support/database';
import { postWebhook } from '../support/http';
import { RunningApp, startTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { readRecords, testKafka } from '../support/topic-reader';
import { ChatsProjection } from '../../src/projections/chats/chats.projection';
import { applyInBatches, shuffles, TestEvent } from './arrival-orders';

const PHONE = '15550100201@s.whatsapp.net';
const LID = '88000000201@lid';
const OTHER = '15550100202@s.whatsapp.net';
const ME = { id: '15550100200@s.whatsapp.net', lid: '88000000200@lid', isMe: true };
const GROUP = '120363099887766554@g.us';
const CHAT_COLUMNS = 'id, lid, is_group, name, is_archived, is_pinned, is_muted, mute_end_time, is_read, ephemeral_expiration, picture_id, last_activity, last_message_at';

/** A row as selected by chatRows, with every setting unknown: tests state only what they expect. */
const chat = (id: string, columns: Record<string, unknown> = {}) => ({
  id, lid: null, is_group: false, name: null, is_archived: null, is_pinned: null, is_muted: null, mute_end_time: null,
  is_read: null, ephemeral_expiration: null, picture_id: null, last_activity: null, last_message_at: null, ...columns,
});
const time = (iso: string) => new Date(iso);
const message = (chatId: string, id: string, at: string, sender: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  ({ id, time: at, chatId, sender, isGroup: chatId.endsWith('@g.us'), type: 'text', text: 'hi', ...extra });

describe('chats projection (real Kafka + Postgres)', () => {
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
  const setting = (instance: string, id: string, at: string, settingType: string, block: Record<string, unknown>) =>
    post(envelope(instance, 'chat_setting', { id, settingType, [settingType]: block }, at));
  const publishSnapshot = (instance: string, items: unknown[], fetchedAt: string) =>
    producer.send({ topic: `${running.config.KAFKA_TOPIC_PREFIX}.snapshots`, messages: [{ key: instance, value: envelope(instance, 'chats_snapshot', { items }, fetchedAt) }] });
  const chatRows = (instance: string) => db.query(`SELECT ${CHAT_COLUMNS} FROM chats WHERE instance_id = $1 ORDER BY id`, [instance]).then((result) => result.rows);

  it('keeps the newest value of each setting block, whatever order the settings arrive in', async () => {
    const instance = uniqueInstance();
    await setting(instance, PHONE, '2026-03-01T10:00:05Z', 'mute', { isMuted: false });
    await setting(instance, PHONE, '2026-03-01T10:00:01Z', 'mute', { isMuted: true, muteEndTime: '2026-03-02T10:00:00Z' }); // older: loses
    await setting(instance, PHONE, '2026-03-01T10:00:03Z', 'pin', { isPinned: true });
    await setting(instance, PHONE, '2026-03-01T10:00:02Z', 'pin', { isPinned: false }); // older: loses
    await setting(instance, PHONE, '2026-03-01T10:00:01Z', 'archive', { isArchived: true }); // older than the mute above, but its own block
    await setting(instance, PHONE, '2026-03-01T10:00:02Z', 'ephemeral', { expiration: '7d', sender: ME });
    await setting(instance, PHONE, '2026-03-01T10:00:06Z', 'read', { isRead: false });

    await eventually(async () => {
      expect(await chatRows(instance)).toEqual([chat(PHONE, { is_muted: false, is_pinned: true, is_archived: true, is_read: false, ephemeral_expiration: 604800 })]);
    });
  });

  it('materializes a chats snapshot; older events do not override it, newer ones do', async () => {
    const instance = uniqueInstance();
    await publishSnapshot(instance, [
      { id: PHONE, lid: LID, isGroup: false, isArchived: false, isPinned: true, isMuted: true, muteEndTime: '2026-03-02T10:15:30Z', pushName: 'Grace', fullName: 'Grace Hopper', lastActivity: '2026-03-01T11:58:00Z' },
      { id: GROUP, isGroup: true, isArchived: true, isPinned: false, isMuted: false, lastActivity: '2026-03-01T11:50:00Z' },
      { id: OTHER, isGroup: false, isArchived: false, isPinned: false, isMuted: false, businessName: 'Bletchley Consulting' },
    ], '2026-03-01T12:00:00Z');
    await setting(instance, PHONE, '2026-03-01T11:00:00Z', 'pin', { isPinned: false }); // older than the snapshot: loses
    await setting(instance, PHONE, '2026-03-01T11:00:00Z', 'read', { isRead: true }); // the snapshot has no read state: kept
    await setting(instance, GROUP, '2026-03-01T12:30:00Z', 'archive', { isArchived: false }); // newer: wins
    await post(envelope(instance, 'chat_picture', { id: OTHER, sender: { id: OTHER, isMe: false }, pictureId: '1740000001' }, '2026-03-01T12:40:00Z'));

    await eventually(async () => {
      expect(await chatRows(instance)).toEqual([
        chat(GROUP, { is_group: true, is_archived: false, is_pinned: false, is_muted: false, last_activity: time('2026-03-01T11:50:00Z') }),
        chat(PHONE, {
          lid: LID, name: 'Grace Hopper', is_archived: false, is_pinned: true, is_muted: true, mute_end_time: time('2026-03-02T10:15:30Z'),
          is_read: true, last_activity: time('2026-03-01T11:58:00Z'),
        }),
        chat(OTHER, { name: 'Bletchley Consulting', is_archived: false, is_pinned: false, is_muted: false, picture_id: '1740000001' }),
      ]);
    });
  });

  it('merges a chat first known by its LID into the phone JID row, then keeps routing LID events there', async () => {
    const instance = uniqueInstance();
    await setting(instance, LID, '2026-03-01T10:00:01Z', 'mute', { isMuted: true, muteEndTime: '2026-03-05T00:00:00Z' });
    await post(envelope(instance, 'chat_picture', { id: LID, sender: { id: LID, isMe: false }, pictureId: 'p-lid' }, '2026-03-01T10:00:02Z'));
    await eventually(async () => expect(await chatRows(instance)).toEqual([chat(LID, { lid: LID, is_muted: true, mute_end_time: time('2026-03-05T00:00:00Z'), picture_id: 'p-lid' })]));

    // A message from the other person names both JIDs: the LID row is merged into the phone row.
    await post(envelope(instance, 'message', message(PHONE, 'm1', '2026-03-01T10:00:03Z', { id: PHONE, lid: LID, phone: '15550100201', isMe: false }), '2026-03-01T10:00:03Z'));
    // Later LID-keyed settings find the phone row.
    await setting(instance, LID, '2026-03-01T10:00:04Z', 'pin', { isPinned: true });
    await setting(instance, LID, '2026-03-01T10:00:00Z', 'mute', { isMuted: false }); // older than the LID-era mute: loses after the merge too
    await setting(instance, LID, '2026-03-01T10:00:05Z', 'read', { isRead: true }); // posted last: once visible, everything before was applied

    await eventually(async () => {
      expect(await chatRows(instance)).toEqual([
        chat(PHONE, { lid: LID, is_pinned: true, is_muted: true, mute_end_time: time('2026-03-05T00:00:00Z'), is_read: true, picture_id: 'p-lid', last_message_at: time('2026-03-01T10:00:03Z') }),
      ]);
    });
  });

  it('creates chats from live and history messages and keeps the greatest message time', async () => {
    const instance = uniqueInstance();
    const grace = { id: PHONE, lid: LID, isMe: false };
    await post(envelope(instance, 'message', message(PHONE, 'live1', '2026-03-01T10:15:00Z', grace), '2026-03-01T10:15:01Z'));
    await post(envelope(instance, 'message', message(GROUP, 'g1', '2026-03-01T09:00:00Z', { id: OTHER, isMe: false }), '2026-03-01T09:00:01Z'));
    await post(envelope(instance, 'message', message('status@broadcast', 's1', '2026-03-01T10:00:00Z', grace, { isStatus: true }), '2026-03-01T10:00:01Z'));
    // History arrives after the live message and is older: it must not move last_message_at back.
    await post(envelope(instance, 'message_history_sync', {
      chatId: PHONE,
      messages: [message(PHONE, 'h2', '2026-02-27T08:03:00Z', ME), message(PHONE, 'h1', '2026-02-27T08:00:00Z', grace)],
    }, '2026-03-01T10:20:00Z'));
    await post(envelope(instance, 'message_history_sync', { chatId: OTHER, messages: [message(OTHER, 'h3', '2026-02-20T12:00:00Z', ME)] }, '2026-03-01T10:20:01Z'));
    await post(envelope(instance, 'message', message(GROUP, 'g2', '2026-03-01T10:30:00Z', ME), '2026-03-01T10:30:01Z'));

    await eventually(async () => {
      expect(await chatRows(instance)).toEqual([
        chat(GROUP, { is_group: true, last_message_at: time('2026-03-01T10:30:00Z') }),
        chat(PHONE, { lid: LID, last_message_at: time('2026-03-01T10:15:00Z') }),
        chat(OTHER, { last_message_at: time('2026-02-20T12:00:00Z') }),
      ]);
    });
  });

  it('ends in the same rows for every arrival order and batch split (decode + apply straight on Postgres)', async () => {
    const at = (hhmm: string) => `2026-03-01T${hhmm}:00.000Z`;
    const event = (eventType: string, hhmm: string, eventData: Record<string, unknown>): TestEvent => ({ eventType, eventTime: at(hhmm), eventData });
    const grace = { id: PHONE, lid: LID, isMe: false };
    const events: TestEvent[] = [
      event('chat_setting', '10:00', { id: LID, settingType: 'mute', mute: { isMuted: true, muteEndTime: '2026-03-05T00:00:00Z' } }),
      event('chat_setting', '10:01', { id: LID, settingType: 'pin', pin: { isPinned: true } }),
      event('chat_picture', '10:02', { id: LID, sender: { id: LID }, pictureId: 'p1' }),
      event('message', '10:03', message(LID, 'm1', at('10:03'), ME)),
      event('message', '10:05', message(PHONE, 'm2', at('10:05'), grace)),
      event('message_history_sync', '10:06', { chatId: PHONE, messages: [message(PHONE, 'h1', at('09:00'), grace), message(PHONE, 'h2', at('09:30'), ME)] }),
      event('chats_snapshot', '10:10', { items: [
        { id: PHONE, lid: LID, isArchived: false, isPinned: false, isMuted: false, fullName: 'Grace Hopper', lastActivity: at('10:05') },
        { id: GROUP, isGroup: true, isArchived: true, isPinned: false, isMuted: false },
      ] }),
      event('chat_setting', '10:12', { id: LID, settingType: 'archive', archive: { isArchived: true } }),
      event('chat_setting', '10:13', { id: GROUP, settingType: 'ephemeral', ephemeral: { expiration: '24h' } }),
      event('message', '10:14', message(GROUP, 'g1', at('10:14'), ME)),
      event('chat_setting', '10:15', { id: PHONE, settingType: 'read', read: { isRead: false } }),
    ];
    const projection = new ChatsProjection();
    const results: Record<string, unknown>[][] = [];
    for (const [n, order] of shuffles(events, 12).entries()) {
      const instance = uniqueInstance();
      await applyInBatches(db, projection, instance, order, 1 + (n % 3));
      results.push((await db.query('SELECT * FROM chats WHERE instance_id = $1 ORDER BY id', [instance])).rows.map(({ instance_id: _, ...row }) => row));
    }
    for (const result of results) expect(result).toEqual(results[0]);
    expect(results[0].map(({ id, lid, is_archived, is_pinned, is_muted, is_read, ephemeral_expiration, picture_id, last_message_at }) =>
      ({ id, lid, is_archived, is_pinned, is_muted, is_read, ephemeral_expiration, picture_id, last_message_at }))).toEqual([
      { id: GROUP, lid: null, is_archived: true, is_pinned: false, is_muted: false, is_read: null, ephemeral_expiration: 86400, picture_id: null, last_message_at: time(at('10:14')) },
      { id: PHONE, lid: LID, is_archived: true, is_pinned: false, is_muted: false, is_read: false, ephemeral_expiration: null, picture_id: 'p1', last_message_at: time(at('10:05')) },
    ]);
  });

  it('sends a poison chat event to the DLQ with the reason and keeps projecting its neighbours', async () => {
    const instance = uniqueInstance();
    await setting(instance, PHONE, '2026-03-01T10:00:00Z', 'pin', { isPinned: true });
    await post(envelope(instance, 'chat_setting', { id: PHONE, settingType: 'mute', pin: { isPinned: false } }, '2026-03-01T10:00:01Z', 'evt_chat_poison'));
    await setting(instance, PHONE, '2026-03-01T10:00:02Z', 'archive', { isArchived: true });

    await eventually(async () => expect(await chatRows(instance)).toEqual([chat(PHONE, { is_pinned: true, is_archived: true })]));
    const letter = await eventually(async () => {
      const letters = await readRecords(kafka, [`${running.config.KAFKA_TOPIC_PREFIX}.dlq`], 1);
      const found = letters.find((record) => record.headers['wsapi-event-id'] === 'evt_chat_poison' && record.headers['dlq-projection'] === 'chats');
      expect(found).toBeDefined();
      return found!;
    });
    expect(letter.headers).toMatchObject({
      'dlq-source-topic': `${running.config.KAFKA_TOPIC_PREFIX}.chats`,
      'dlq-error': expect.stringMatching(/chat_setting of type mute has no mute block/),
    });
    expect(JSON.parse(letter.value.toString()).eventId).toBe('evt_chat_poison');
  });
});
