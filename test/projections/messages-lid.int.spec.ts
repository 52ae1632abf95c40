import { Client } from 'pg';
import { Kafka } from 'kafkajs';
import { MessagesProjection } from '../../src/projections/messages/messages.projection';
import { ReplayService } from '../../src/replay/replay.service';
import { envelope, uniqueInstance } from '../support/events';
import { eventually, testDatabase } from '../support/database';
import { postWebhook } from '../support/http';
import { RunningApp, startTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { readRecords, testKafka } from '../support/topic-reader';
import { sameResultInEveryOrder, TestEvent } from './arrival-orders';

// Grace: one person, one chat, named by LID (live) and by phone JID (history, contacts).
const PHONE = '15550100301@s.whatsapp.net';
const LID = '88000000301@lid';
const GRACE_BY_LID = { id: LID, isMe: false };
const GRACE = { id: PHONE, lid: LID, phone: '15550100301', isMe: false };
const ME = { id: '15550100300@s.whatsapp.net', lid: '88000000300@lid', phone: '15550100300', isMe: true };
const GROUP = '120363000000000301@g.us';

/** 2026-03-01 at 10:<minute>:<second> UTC, as WSAPI writes it and as the read model returns it. */
const at = (minute: number, second = 0) => `2026-03-01T10:${pad(minute)}:${pad(second)}.000Z`;
const pad = (value: number) => String(value).padStart(2, '0');
const message = (id: string, chatId: string, minute: number, sender: object, fields: Record<string, unknown> = {}) => ({ id, time: at(minute), chatId, sender, isGroup: chatId === GROUP, type: 'text', text: `text of ${id}`, ...fields });
const reaction = (id: string, chatId: string, minute: number, sender: object, targetId: string, emoji: string) => message(id, chatId, minute, sender, { type: 'reaction', text: undefined, reaction: { messageId: targetId, emoji } });
const receipt = (chatId: string, minute: number, receiptType: string, messageIds: string[]) => ({ chatId, sender: GRACE_BY_LID, messageIds, time: at(minute), receiptType });

/** "All messages of a chat" with either of its ids, as docs/read-models/messages.md shows it. */
const CHAT_QUERY = `
  SELECT id FROM messages
  WHERE instance_id = $1
    AND chat_id = COALESCE((SELECT phone_jid FROM messages_lid_map WHERE instance_id = $1 AND lid = $2), $2)
  ORDER BY id`;

describe('messages: one chat, one id (LID and phone JID) (real Kafka + Postgres)', () => {
  let running: RunningApp;
  let db: Client;
  let kafka: Kafka;

  beforeAll(async () => {
    running = await startTestApp(testConfig());
    db = await testDatabase();
    kafka = testKafka();
  });
  afterAll(async () => {
    await running?.close();
    await db?.end();
  });

  const post = async (instance: string, eventType: string, eventData: Record<string, unknown>, receivedAt: string, eventId?: string) =>
    expect((await postWebhook(running.baseUrl, envelope(instance, eventType, eventData, receivedAt, eventId))).status).toBe(200);
  const query = async (text: string, values: unknown[]) =>
    (await db.query(text, values)).rows.map((row) => Object.fromEntries(Object.entries(row).map(([name, value]) => [name, value instanceof Date ? value.toISOString() : value])));
  const rowsOf = (instance: string, columns = 'chat_id, id, received_chat_lid') => query(`SELECT ${columns} FROM messages WHERE instance_id = $1 ORDER BY chat_id, id`, [instance]);
  const instanceDump = async (instance: string) => ({
    messages: await query('SELECT * FROM messages WHERE instance_id = $1 ORDER BY chat_id, id', [instance]),
    map: await query('SELECT * FROM messages_lid_map WHERE instance_id = $1 ORDER BY lid', [instance]),
  });

  it('keys a chat seen by LID live and by phone JID in history by the phone JID: one row per message, earlier LID rows moved, groups untouched, and a replay rebuilds the same', async () => {
    const instance = uniqueInstance();
    // Live, by LID only: nothing says yet which phone JID this chat is.
    await post(instance, 'message', message('M1', LID, 1, GRACE_BY_LID), at(50, 0));
    await post(instance, 'message_read', receipt(LID, 2, 'delivered', ['M1']), at(50, 1));
    await post(instance, 'message', reaction('R1', LID, 3, ME, 'M1', '👍'), at(50, 2));
    await post(instance, 'message', message('M2', LID, 4, ME), at(50, 3));
    await post(instance, 'message', message('G1', GROUP, 5, GRACE_BY_LID), at(50, 4)); // a group chat stays the group's
    await eventually(async () => expect(await rowsOf(instance)).toHaveLength(3));
    expect(await rowsOf(instance)).toEqual([
      { chat_id: GROUP, id: 'G1', received_chat_lid: null },
      { chat_id: LID, id: 'M1', received_chat_lid: LID },
      { chat_id: LID, id: 'M2', received_chat_lid: LID },
    ]);

    // History by phone JID, with a copy of M1 whose sender names both ids: the link.
    await post(instance, 'message_history_sync', { chatId: PHONE, messages: [message('M1', PHONE, 1, GRACE, { text: 'history copy' }), message('H1', PHONE, 0, ME)] }, at(51, 0));
    await post(instance, 'message_star', { id: 'M2', chatId: PHONE, sender: ME, time: at(6), isStarred: true }, at(51, 1));
    await post(instance, 'message', message('M3', LID, 7, GRACE_BY_LID), at(51, 2)); // after the link: straight to the phone row
    const expected = [
      { chat_id: GROUP, id: 'G1', received_chat_lid: null, source: 'live', text: 'text of G1', delivered_at: null, reactions: {}, is_starred: false, first_seen_at: at(50, 4) },
      { chat_id: PHONE, id: 'H1', received_chat_lid: null, source: 'history', text: 'text of H1', delivered_at: null, reactions: {}, is_starred: false, first_seen_at: at(51, 0) },
      { chat_id: PHONE, id: 'M1', received_chat_lid: LID, source: 'live', text: 'text of M1', delivered_at: at(2), reactions: { [ME.id]: { emoji: '👍', at: at(3) } }, is_starred: false, first_seen_at: at(50, 0) },
      { chat_id: PHONE, id: 'M2', received_chat_lid: LID, source: 'live', text: 'text of M2', delivered_at: null, reactions: {}, is_starred: true, first_seen_at: at(50, 3) },
      { chat_id: PHONE, id: 'M3', received_chat_lid: LID, source: 'live', text: 'text of M3', delivered_at: null, reactions: {}, is_starred: false, first_seen_at: at(51, 2) },
    ];
    await eventually(async () => expect(await rowsOf(instance, 'chat_id, id, received_chat_lid, source, text, delivered_at, reactions, is_starred, first_seen_at')).toEqual(expected));
    expect(await query(CHAT_QUERY, [instance, LID])).toEqual([{ id: 'H1' }, { id: 'M1' }, { id: 'M2' }, { id: 'M3' }]);
    expect(await query(CHAT_QUERY, [instance, PHONE])).toEqual(await query(CHAT_QUERY, [instance, LID]));

    // A contact event links another LID chat; an odd contact event is the contacts projection's
    // business and dead-letters nothing here (it precedes the link on the same partition).
    const [lid2, phone2] = ['88000000302@lid', '15550100302@s.whatsapp.net'];
    await post(instance, 'message', message('N1', lid2, 8, { id: lid2, isMe: false }), at(52, 0));
    await post(instance, 'contact', { contact: 42, inPhoneAddressBook: 'yes' }, at(52, 1), `evt_odd_contact_${instance}`);
    await post(instance, 'contact', { contact: { id: phone2, lid: lid2 }, fullName: 'Alan', inPhoneAddressBook: true }, at(52, 2));
    await eventually(async () => expect(await rowsOf(instance)).toContainEqual({ chat_id: phone2, id: 'N1', received_chat_lid: lid2 }));
    expect(await query('SELECT lid, phone_jid, first_seen_at FROM messages_lid_map WHERE instance_id = $1 ORDER BY lid', [instance])).toEqual([
      { lid: ME.lid, phone_jid: ME.id, first_seen_at: at(50, 3) },
      { lid: LID, phone_jid: PHONE, first_seen_at: at(51, 0) },
      { lid: lid2, phone_jid: phone2, first_seen_at: at(52, 2) },
    ]);
    const odd = await eventually(async () => {
      const letters = await readRecords(kafka, [`${running.config.KAFKA_TOPIC_PREFIX}.dlq`], 1);
      const found = letters.filter((record) => record.headers['wsapi-event-id'] === `evt_odd_contact_${instance}`);
      expect(found.map((record) => record.headers['dlq-projection'])).toContain('contacts');
      return found;
    });
    expect(odd.map((record) => record.headers['dlq-projection'])).not.toContain('messages');
    expect(await rowsOf(instance)).not.toContainEqual(expect.objectContaining({ chat_id: expect.stringMatching(/@lid$/) }));

    // Replay: the same rows and mapping, rebuilt from the topics alone; a row as an older version
    // stored it (under the LID) is re-keyed by the replay (the upgrade path).
    const before = await instanceDump(instance);
    await db.query("UPDATE messages SET chat_id = $2, received_chat_lid = NULL WHERE instance_id = $1 AND id = 'M1'", [instance, LID]);
    const [summary] = await running.app.get(ReplayService).rebuild('messages', { instanceId: instance });
    expect(summary.swapped).toBe(true);
    expect(await instanceDump(instance)).toEqual(before);
  });

  it('ends in the same rows and mapping for every arrival order and batch split, conflicting links included (decode + apply straight on Postgres)', async () => {
    const [lid2, phone2, phone3] = ['88000000302@lid', '15550100302@s.whatsapp.net', '15550100303@s.whatsapp.net'];
    const OTHER = '15550100399@s.whatsapp.net';
    const event = (eventType: string, minute: number, eventData: Record<string, unknown>): TestEvent => ({ eventType, eventTime: at(minute), eventData });
    const events: TestEvent[] = [
      event('message', 0, message('M1', LID, 0, GRACE_BY_LID)),
      event('message_read', 1, receipt(LID, 1, 'delivered', ['M1'])),
      event('message', 2, reaction('R1', LID, 2, ME, 'M1', '👍')),
      event('message', 3, message('E1', LID, 3, GRACE_BY_LID, { text: 'edited', isEdit: true, edit: { originalMessageId: 'M1' } })),
      event('message', 4, message('M2', LID, 4, ME)),
      event('message_history_sync', 5, { chatId: PHONE, messages: [message('M1', PHONE, 0, GRACE, { text: 'history copy' }), message('H1', PHONE, 0, ME)] }),
      event('message_star', 6, { id: 'M2', chatId: PHONE, sender: ME, time: at(6), isStarred: true }),
      event('message_delete', 7, { id: 'H1', chatId: LID, sender: ME, time: at(7), isDeletedForAll: true }),
      event('chats_snapshot', 8, { items: [{ id: PHONE, lid: LID, isGroup: false }, { id: GROUP, isGroup: true }] }),
      event('contact', 9, { contact: { id: OTHER, lid: LID }, fullName: 'A later, conflicting link', inPhoneAddressBook: true }), // loses: the earliest link wins
      event('message', 10, message('P1', LID, 10, ME, { type: 'pinInChat', text: undefined, pin: { messageId: 'M1', pinned: true } })),
      event('message', 11, message('X1', OTHER, 11, ME)),
      event('message', 12, message('G1', GROUP, 12, GRACE_BY_LID)),
      event('message', 13, message('Z1', lid2, 13, { id: lid2, isMe: false })),
      event('message', 14, message('Y1', phone2, 14, ME)),
      event('chat_push_name', 15, { user: { id: phone3, lid: lid2 }, pushName: 'Alan' }), // wins over the contact below, whichever arrives first
      event('contact', 20, { contact: { id: phone2, lid: lid2 }, fullName: 'Alan', inPhoneAddressBook: true }),
      event('contact', 21, { contact: 'not an identity', fullName: 42 }), // the contacts projection's to judge
      event('groups_snapshot', 22, { items: [{ groupId: GROUP, participants: [{ id: 'x' }, 7, null] }, 'junk'] }),
    ];
    const withoutInstance = (rows: Record<string, unknown>[]) => rows.map(({ instance_id: _, ...row }) => row);
    const { messages, map } = await sameResultInEveryOrder(db, new MessagesProjection(), events, async (instance) => {
      const dump = await instanceDump(instance);
      return { messages: withoutInstance(dump.messages), map: withoutInstance(dump.map) };
    });
    expect(messages.map(({ chat_id, id, received_chat_lid, source, text, edited_text, is_deleted, is_starred, is_pinned, delivered_at, reactions }) =>
      ({ chat_id, id, received_chat_lid, source, text, edited_text, is_deleted, is_starred, is_pinned, delivered_at, reactions }))).toEqual([
      { chat_id: GROUP, id: 'G1', received_chat_lid: null, source: 'live', text: 'text of G1', edited_text: null, is_deleted: false, is_starred: false, is_pinned: false, delivered_at: null, reactions: {} },
      { chat_id: PHONE, id: 'H1', received_chat_lid: LID, source: 'history', text: 'text of H1', edited_text: null, is_deleted: true, is_starred: false, is_pinned: false, delivered_at: null, reactions: {} },
      { chat_id: PHONE, id: 'M1', received_chat_lid: LID, source: 'live', text: 'text of M1', edited_text: 'edited', is_deleted: false, is_starred: false, is_pinned: true, delivered_at: at(1), reactions: { [ME.id]: { emoji: '👍', at: at(2) } } },
      { chat_id: PHONE, id: 'M2', received_chat_lid: LID, source: 'live', text: 'text of M2', edited_text: null, is_deleted: false, is_starred: true, is_pinned: false, delivered_at: null, reactions: {} },
      { chat_id: phone2, id: 'Y1', received_chat_lid: null, source: 'live', text: 'text of Y1', edited_text: null, is_deleted: false, is_starred: false, is_pinned: false, delivered_at: null, reactions: {} },
      { chat_id: phone3, id: 'Z1', received_chat_lid: lid2, source: 'live', text: 'text of Z1', edited_text: null, is_deleted: false, is_starred: false, is_pinned: false, delivered_at: null, reactions: {} },
      { chat_id: OTHER, id: 'X1', received_chat_lid: null, source: 'live', text: 'text of X1', edited_text: null, is_deleted: false, is_starred: false, is_pinned: false, delivered_at: null, reactions: {} },
    ]);
    expect(map).toEqual([
      { lid: ME.lid, phone_jid: ME.id, first_seen_at: at(4) }, // senders of message rows link too (not of reactions)
      { lid: LID, phone_jid: PHONE, first_seen_at: at(5) },
      { lid: lid2, phone_jid: phone3, first_seen_at: at(15) },
    ]);
  });
});
