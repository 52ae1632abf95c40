import { Client } from 'pg';
import { Kafka } from 'kafkajs';
import { MessagesProjection } from '../../src/projections/messages/messages.projection';
import { ReplayService } from '../../src/replay/replay.service';
import { envelope, uniqueInstance } from '../support/events';
import { eventually, testDatabase } from '../support/database';
import { postWebhook } from '../support/http';
import { RunningApp, startTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { countRecords, readRecords, testKafka } from '../support/topic-reader';
import { sameResultInEveryOrder, TestEvent } from './arrival-orders';

const CHAT = '15550100201@s.whatsapp.net';
const GRACE = { id: CHAT, lid: '88000000201@lid', phone: '15550100201', isMe: false };
const ME = { id: '15550100200@s.whatsapp.net', lid: '88000000200@lid', phone: '15550100200', isMe: true };

/** 2026-03-01 at 10:<minute>:<second> UTC, as WSAPI writes it and as the read model returns it. */
const at = (minute: number, second = 0) => `2026-03-01T10:${pad(minute)}:${pad(second)}.000Z`;
const pad = (value: number) => String(value).padStart(2, '0');

const message = (id: string, minute: number, fields: Record<string, unknown> = {}) => ({ id, time: at(minute), chatId: CHAT, sender: GRACE, isGroup: false, type: 'text', text: `text of ${id}`, ...fields });
const edit = (id: string, minute: number, originalId: string, text: string) => message(id, minute, { text, isEdit: true, edit: { originalMessageId: originalId } });
const reaction = (id: string, minute: number, sender: object, targetId: string, emoji: string) => message(id, minute, { sender, type: 'reaction', text: undefined, reaction: { messageId: targetId, emoji } });

// Another person: one chat, named by LID (live) and by phone JID (history, contacts).
const LID_CHAT_PHONE = '15550100301@s.whatsapp.net';
const LID_CHAT = '88000000301@lid';
const PERSON_BY_LID = { id: LID_CHAT, isMe: false };
const PERSON = { id: LID_CHAT_PHONE, lid: LID_CHAT, phone: '15550100301', isMe: false };
const GROUP = '120363000000000301@g.us';

const chatMessage = (id: string, chatId: string, minute: number, sender: object, fields: Record<string, unknown> = {}) => ({ id, time: at(minute), chatId, sender, isGroup: chatId === GROUP, type: 'text', text: `text of ${id}`, ...fields });
const chatReaction = (id: string, chatId: string, minute: number, sender: object, targetId: string, emoji: string) => chatMessage(id, chatId, minute, sender, { type: 'reaction', text: undefined, reaction: { messageId: targetId, emoji } });
const chatReceipt = (chatId: string, minute: number, receiptType: string, messageIds: string[]) => ({ chatId, sender: PERSON_BY_LID, messageIds, time: at(minute), receiptType });

/** "All messages of a chat" with either of its ids, as docs/read-models/messages.md shows it. */
const CHAT_QUERY = `
  SELECT id FROM messages
  WHERE instance_id = $1
    AND chat_id = COALESCE((SELECT phone_jid FROM messages_lid_map WHERE instance_id = $1 AND lid = $2), $2)
  ORDER BY id`;

const MARKER_CHAT = 'marker@s.whatsapp.net';
const marker = (id: string) => message(id, 0, { chatId: MARKER_CHAT });

describe('messages projection (real Kafka + Postgres)', () => {
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

  /** Posts events in the given order; each is received (receivedAt) one second after the previous, from 10:59:00. */
  const postAll = async (instance: string, events: Array<[eventType: string, eventData: Record<string, unknown>, eventId?: string]>) => {
    for (const [index, [eventType, eventData, eventId]] of events.entries()) {
      const response = await postWebhook(running.baseUrl, envelope(instance, eventType, eventData, at(59, index), eventId));
      expect(response.status).toBe(200);
    }
  };

  /**
   * Posts events, then waits until all of them are projected: a marker message on each topic
   * (`messages`, `history`) posted last is applied only after everything before it on that topic,
   * so an out-of-order event that must NOT win is known to have been applied when we look.
   */
  const project = async (instance: string, events: Parameters<typeof postAll>[1]) => {
    await postAll(instance, [...events, ['message', marker('LIVE')], ['message_history_sync', { messages: [marker('HISTORY')] }]]);
    await eventually(async () => expect(await db.query('SELECT id FROM messages WHERE instance_id = $1 AND chat_id = $2', [instance, MARKER_CHAT])).toMatchObject({ rowCount: 2 }));
  };

  /** The instance's rows of the test chat as an analyst reads them, times as ISO strings. */
  const rows = async (instance: string, columns: string) => {
    const result = await db.query(`SELECT ${columns} FROM messages WHERE instance_id = $1 AND chat_id = $2 ORDER BY id`, [instance, CHAT]);
    return result.rows.map((row) => Object.fromEntries(Object.entries(row).map(([name, value]) => [name, value instanceof Date ? value.toISOString() : value])));
  };

  it('keeps one row per message across live copies, duplicates and overlapping history, live winning', async () => {
    const instance = uniqueInstance();
    const m1 = message('M1', 1, { replyTo: { id: 'M0' }, mentions: [ME.id] });
    const m2 = message('M2', 2, { sender: ME, type: 'media', text: undefined, media: { mediaType: 'image', mimeType: 'image/jpeg', caption: 'board', jpegThumbnail: '/9j/4AAQ' } });
    await project(instance, [
      ['message', m1],
      ['message', m1], // duplicate delivery
      ['message_history_sync', { chatId: CHAT, messages: [{ ...m1, text: 'history copy' }, { ...m2, chatId: undefined }, message('H3', 0, { isForwarded: true })] }],
      ['message', m2], // live after history: takes over
      ['message_history_sync', { chatId: CHAT, messages: [{ ...m1, text: 'copy of a second flush' }] }], // newer, but history
    ]);

    expect(await rows(instance, 'id, source, sender_id, sender_lid, from_me, time, type, text, media, has_thumbnail, reply_to_id, is_forwarded, mentions, raw, first_seen_at, updated_at')).toEqual([
      {
        id: 'H3', source: 'history', sender_id: GRACE.id, sender_lid: GRACE.lid, from_me: false, time: at(0), type: 'text', text: 'text of H3', media: null,
        has_thumbnail: false, reply_to_id: null, is_forwarded: true, mentions: null, raw: message('H3', 0, { isForwarded: true }), first_seen_at: at(59, 2), updated_at: at(59, 2),
      },
      {
        id: 'M1', source: 'live', sender_id: GRACE.id, sender_lid: GRACE.lid, from_me: false, time: at(1), type: 'text', text: 'text of M1', media: null,
        has_thumbnail: false, reply_to_id: 'M0', is_forwarded: false, mentions: [ME.id], raw: m1, first_seen_at: at(59, 0), updated_at: at(59, 4),
      },
      {
        id: 'M2', source: 'live', sender_id: ME.id, sender_lid: ME.lid, from_me: true, time: at(2), type: 'media', text: null,
        media: { mediaType: 'image', mimeType: 'image/jpeg', caption: 'board' }, has_thumbnail: true, reply_to_id: null, is_forwarded: false, mentions: null,
        raw: { ...m2, text: undefined, media: { mediaType: 'image', mimeType: 'image/jpeg', caption: 'board' } }, first_seen_at: at(59, 2), updated_at: at(59, 3),
      },
    ]);
  });

  it('applies an edit that arrives before its original, and an older edit never wins', async () => {
    const instance = uniqueInstance();
    await project(instance, [
      ['message', edit('E2', 12, 'M1', 'second edit')],
      ['message', message('M1', 10)],
      ['message', edit('E1', 11, 'M1', 'first edit')],
    ]);

    expect(await rows(instance, 'id, text, is_edited, edited_text, edited_at, first_seen_at, updated_at')).toEqual([
      { id: 'M1', text: 'text of M1', is_edited: true, edited_text: 'second edit', edited_at: at(12), first_seen_at: at(59, 0), updated_at: at(59, 2) },
    ]);
  });

  it('keeps the latest reaction per reactor, removals included, whatever the arrival order', async () => {
    const instance = uniqueInstance();
    await project(instance, [
      ['message', reaction('R2', 12, GRACE, 'M1', '❤️')],
      ['message', reaction('R1', 11, GRACE, 'M1', '👍')], // older: must not win
      ['message', message('M1', 10)],
      ['message', reaction('R4', 14, ME, 'M1', '')], // my removal, newer than my reaction below
      ['message', reaction('R3', 13, ME, 'M1', '😂')],
      ['message', reaction('R5', 15, GRACE, 'M2', '🎉')], // the target never arrives
    ]);

    expect(await rows(instance, 'id, text, reactions')).toEqual([
      { id: 'M1', text: 'text of M1', reactions: { [GRACE.id]: { emoji: '❤️', at: at(12) }, [ME.id]: { emoji: '', at: at(14) } } },
      { id: 'M2', text: null, reactions: { [GRACE.id]: { emoji: '🎉', at: at(15) } } },
    ]);
  });

  it('records deletes, stars, pins and receipts with their own merge rules', async () => {
    const instance = uniqueInstance();
    const receipt = (receiptType: string, minute: number, messageIds: string[]) => ({ chatId: CHAT, sender: GRACE, messageSender: ME, messageIds, time: at(minute), receiptType });
    await project(instance, [
      ['message_read', receipt('read', 5, ['M1', 'M2'])],
      ['message', message('M1', 1, { sender: ME })],
      ['message_read', receipt('delivered', 3, ['M1'])],
      ['message_read', receipt('delivered', 2, ['M1', 'M2'])], // earlier: wins
      ['message_read', receipt('read', 4, ['M1'])],
      ['message_read', receipt('played', 6, ['M1'])],
      ['message_read', receipt('retry', 1, ['M1'])], // says nothing about delivery
      ['message_star', { id: 'M1', chatId: CHAT, sender: ME, time: at(8), isStarred: true }],
      ['message_star', { id: 'M1', chatId: CHAT, sender: ME, time: at(7), isStarred: false }], // older unstar
      ['message', message('P1', 9, { type: 'pinInChat', text: undefined, pin: { messageId: 'M1', pinned: true, expiration: '7d' } })],
      ['message_delete', { id: 'M2', chatId: CHAT, sender: GRACE, time: at(20), isDeletedForAll: true }],
      ['message_delete', { id: 'M2', chatId: CHAT, sender: GRACE, time: at(19), isDeletedForMe: true }],
    ]);

    expect(await rows(instance, 'id, text, delivered_at, read_at, played_at, is_starred, starred_at, is_pinned, pinned_at, is_deleted, deleted_for_all, deleted_at')).toEqual([
      { id: 'M1', text: 'text of M1', delivered_at: at(2), read_at: at(4), played_at: at(6), is_starred: true, starred_at: at(8), is_pinned: true, pinned_at: at(9), is_deleted: false, deleted_for_all: false, deleted_at: null },
      { id: 'M2', text: null, delivered_at: at(2), read_at: at(5), played_at: null, is_starred: false, starred_at: null, is_pinned: false, pinned_at: null, is_deleted: true, deleted_for_all: true, deleted_at: at(19) },
    ]);
  });

  it('sends a poison event to the DLQ with the reason and keeps projecting its neighbours', async () => {
    const instance = uniqueInstance();
    await project(instance, [
      ['message', message('BEFORE', 1)],
      ['message_history_sync', { chatId: CHAT, messages: [message('H1', 0), { ...message('H2', 0), sender: 'nobody' }] }, 'evt_poison_history'],
      ['message', reaction('R1', 2, GRACE, '', '👍'), 'evt_poison_message'],
      ['message', message('AFTER', 3)],
      ['message_history_sync', { chatId: CHAT, messages: [message('H3', 0)] }],
    ]);

    expect((await rows(instance, 'id')).map((row) => row.id)).toEqual(['AFTER', 'BEFORE', 'H3']);
    const prefix = running.config.KAFKA_TOPIC_PREFIX;
    const letters = await eventually(async () => {
      const records = await readRecords(kafka, [`${prefix}.dlq`], Number.MAX_SAFE_INTEGER, 5_000); // everything there is
      const ours = records.filter((record) => record.headers['dlq-projection'] === 'messages' && record.headers['wsapi-instance-id'] === instance);
      expect(ours).toHaveLength(2);
      return ours;
    });
    const letter = (eventId: string) => letters.find((record) => record.headers['wsapi-event-id'] === eventId)!;
    expect(letter('evt_poison_history').headers).toMatchObject({
      'dlq-source-topic': `${prefix}.history`,
      'dlq-error': expect.stringMatching(/messages\[1\]: sender/),
    });
    expect(letter('evt_poison_message').headers).toMatchObject({
      'dlq-source-topic': `${prefix}.messages`,
      'dlq-error': expect.stringMatching(/reaction\.messageId/),
    });
    expect(JSON.parse(letter('evt_poison_history').value.toString()).eventId).toBe('evt_poison_history');
  });

  describe('one chat, one id (LID and phone JID)', () => {
    const postAt = async (instance: string, eventType: string, eventData: Record<string, unknown>, receivedAt: string, eventId?: string) =>
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
      await postAt(instance, 'message', chatMessage('M1', LID_CHAT, 1, PERSON_BY_LID), at(50, 0));
      await postAt(instance, 'message_read', chatReceipt(LID_CHAT, 2, 'delivered', ['M1']), at(50, 1));
      await postAt(instance, 'message', chatReaction('R1', LID_CHAT, 3, ME, 'M1', '👍'), at(50, 2));
      await postAt(instance, 'message', chatMessage('M2', LID_CHAT, 4, ME), at(50, 3));
      await postAt(instance, 'message', chatMessage('G1', GROUP, 5, PERSON_BY_LID), at(50, 4)); // a group chat stays the group's
      await eventually(async () => expect(await rowsOf(instance)).toHaveLength(3));
      expect(await rowsOf(instance)).toEqual([
        { chat_id: GROUP, id: 'G1', received_chat_lid: null },
        { chat_id: LID_CHAT, id: 'M1', received_chat_lid: LID_CHAT },
        { chat_id: LID_CHAT, id: 'M2', received_chat_lid: LID_CHAT },
      ]);

      // History by phone JID, with a copy of M1 whose sender names both ids: the link.
      await postAt(instance, 'message_history_sync', { chatId: LID_CHAT_PHONE, messages: [chatMessage('M1', LID_CHAT_PHONE, 1, PERSON, { text: 'history copy' }), chatMessage('H1', LID_CHAT_PHONE, 0, ME)] }, at(51, 0));
      await postAt(instance, 'message_star', { id: 'M2', chatId: LID_CHAT_PHONE, sender: ME, time: at(6), isStarred: true }, at(51, 1));
      await postAt(instance, 'message', chatMessage('M3', LID_CHAT, 7, PERSON_BY_LID), at(51, 2)); // after the link: straight to the phone row
      const expected = [
        { chat_id: GROUP, id: 'G1', received_chat_lid: null, source: 'live', text: 'text of G1', delivered_at: null, reactions: {}, is_starred: false, first_seen_at: at(50, 4) },
        { chat_id: LID_CHAT_PHONE, id: 'H1', received_chat_lid: null, source: 'history', text: 'text of H1', delivered_at: null, reactions: {}, is_starred: false, first_seen_at: at(51, 0) },
        { chat_id: LID_CHAT_PHONE, id: 'M1', received_chat_lid: LID_CHAT, source: 'live', text: 'text of M1', delivered_at: at(2), reactions: { [ME.id]: { emoji: '👍', at: at(3) } }, is_starred: false, first_seen_at: at(50, 0) },
        { chat_id: LID_CHAT_PHONE, id: 'M2', received_chat_lid: LID_CHAT, source: 'live', text: 'text of M2', delivered_at: null, reactions: {}, is_starred: true, first_seen_at: at(50, 3) },
        { chat_id: LID_CHAT_PHONE, id: 'M3', received_chat_lid: LID_CHAT, source: 'live', text: 'text of M3', delivered_at: null, reactions: {}, is_starred: false, first_seen_at: at(51, 2) },
      ];
      await eventually(async () => expect(await rowsOf(instance, 'chat_id, id, received_chat_lid, source, text, delivered_at, reactions, is_starred, first_seen_at')).toEqual(expected));
      expect(await query(CHAT_QUERY, [instance, LID_CHAT])).toEqual([{ id: 'H1' }, { id: 'M1' }, { id: 'M2' }, { id: 'M3' }]);
      expect(await query(CHAT_QUERY, [instance, LID_CHAT_PHONE])).toEqual(await query(CHAT_QUERY, [instance, LID_CHAT]));

      // A contact event links another LID chat; an odd contact event is the contacts projection's
      // business and dead-letters nothing here (it precedes the link on the same partition).
      const [lid2, phone2] = ['88000000302@lid', '15550100302@s.whatsapp.net'];
      await postAt(instance, 'message', chatMessage('N1', lid2, 8, { id: lid2, isMe: false }), at(52, 0));
      await postAt(instance, 'contact', { contact: 42, inPhoneAddressBook: 'yes' }, at(52, 1), `evt_odd_contact_${instance}`);
      await postAt(instance, 'contact', { contact: { id: phone2, lid: lid2 }, fullName: 'Alan', inPhoneAddressBook: true }, at(52, 2));
      await eventually(async () => expect(await rowsOf(instance)).toContainEqual({ chat_id: phone2, id: 'N1', received_chat_lid: lid2 }));
      expect(await query('SELECT lid, phone_jid, first_seen_at FROM messages_lid_map WHERE instance_id = $1 ORDER BY lid', [instance])).toEqual([
        { lid: ME.lid, phone_jid: ME.id, first_seen_at: at(50, 3) },
        { lid: LID_CHAT, phone_jid: LID_CHAT_PHONE, first_seen_at: at(51, 0) },
        { lid: lid2, phone_jid: phone2, first_seen_at: at(52, 2) },
      ]);
      const odd = await eventually(async () => {
        // The whole dead-letter topic: earlier tests of this file left letters of their own there.
        const dlq = `${running.config.KAFKA_TOPIC_PREFIX}.dlq`;
        const letters = await readRecords(kafka, [dlq], (await countRecords(kafka, [dlq]))[dlq] ?? 0);
        const found = letters.filter((record) => record.headers['wsapi-event-id'] === `evt_odd_contact_${instance}`);
        expect(found.map((record) => record.headers['dlq-projection'])).toContain('contacts');
        return found;
      });
      expect(odd.map((record) => record.headers['dlq-projection'])).not.toContain('messages');
      expect(await rowsOf(instance)).not.toContainEqual(expect.objectContaining({ chat_id: expect.stringMatching(/@lid$/) }));

      // Replay: the same rows and mapping, rebuilt from the topics alone; a row as an older version
      // stored it (under the LID) is re-keyed by the replay (the upgrade path).
      const before = await instanceDump(instance);
      await db.query("UPDATE messages SET chat_id = $2, received_chat_lid = NULL WHERE instance_id = $1 AND id = 'M1'", [instance, LID_CHAT]);
      const [summary] = await running.app.get(ReplayService).rebuild('messages', { instanceId: instance });
      expect(summary.swapped).toBe(true);
      expect(await instanceDump(instance)).toEqual(before);
    });

    it('ends in the same rows and mapping for every arrival order and batch split, conflicting links included (decode + apply straight on Postgres)', async () => {
      const [lid2, phone2, phone3] = ['88000000302@lid', '15550100302@s.whatsapp.net', '15550100303@s.whatsapp.net'];
      const OTHER = '15550100399@s.whatsapp.net';
      const event = (eventType: string, minute: number, eventData: Record<string, unknown>): TestEvent => ({ eventType, eventTime: at(minute), eventData });
      const events: TestEvent[] = [
        event('message', 0, chatMessage('M1', LID_CHAT, 0, PERSON_BY_LID)),
        event('message_read', 1, chatReceipt(LID_CHAT, 1, 'delivered', ['M1'])),
        event('message', 2, chatReaction('R1', LID_CHAT, 2, ME, 'M1', '👍')),
        event('message', 3, chatMessage('E1', LID_CHAT, 3, PERSON_BY_LID, { text: 'edited', isEdit: true, edit: { originalMessageId: 'M1' } })),
        event('message', 4, chatMessage('M2', LID_CHAT, 4, ME)),
        event('message_history_sync', 5, { chatId: LID_CHAT_PHONE, messages: [chatMessage('M1', LID_CHAT_PHONE, 0, PERSON, { text: 'history copy' }), chatMessage('H1', LID_CHAT_PHONE, 0, ME)] }),
        event('message_star', 6, { id: 'M2', chatId: LID_CHAT_PHONE, sender: ME, time: at(6), isStarred: true }),
        event('message_delete', 7, { id: 'H1', chatId: LID_CHAT, sender: ME, time: at(7), isDeletedForAll: true }),
        event('chats_snapshot', 8, { items: [{ id: LID_CHAT_PHONE, lid: LID_CHAT, isGroup: false }, { id: GROUP, isGroup: true }] }),
        event('contact', 9, { contact: { id: OTHER, lid: LID_CHAT }, fullName: 'A later, conflicting link', inPhoneAddressBook: true }), // loses: the earliest link wins
        event('message', 10, chatMessage('P1', LID_CHAT, 10, ME, { type: 'pinInChat', text: undefined, pin: { messageId: 'M1', pinned: true } })),
        event('message', 11, chatMessage('X1', OTHER, 11, ME)),
        event('message', 12, chatMessage('G1', GROUP, 12, PERSON_BY_LID)),
        event('message', 13, chatMessage('Z1', lid2, 13, { id: lid2, isMe: false })),
        event('message', 14, chatMessage('Y1', phone2, 14, ME)),
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
        { chat_id: LID_CHAT_PHONE, id: 'H1', received_chat_lid: LID_CHAT, source: 'history', text: 'text of H1', edited_text: null, is_deleted: true, is_starred: false, is_pinned: false, delivered_at: null, reactions: {} },
        { chat_id: LID_CHAT_PHONE, id: 'M1', received_chat_lid: LID_CHAT, source: 'live', text: 'text of M1', edited_text: 'edited', is_deleted: false, is_starred: false, is_pinned: true, delivered_at: at(1), reactions: { [ME.id]: { emoji: '👍', at: at(2) } } },
        { chat_id: LID_CHAT_PHONE, id: 'M2', received_chat_lid: LID_CHAT, source: 'live', text: 'text of M2', edited_text: null, is_deleted: false, is_starred: true, is_pinned: false, delivered_at: null, reactions: {} },
        { chat_id: phone2, id: 'Y1', received_chat_lid: null, source: 'live', text: 'text of Y1', edited_text: null, is_deleted: false, is_starred: false, is_pinned: false, delivered_at: null, reactions: {} },
        { chat_id: phone3, id: 'Z1', received_chat_lid: lid2, source: 'live', text: 'text of Z1', edited_text: null, is_deleted: false, is_starred: false, is_pinned: false, delivered_at: null, reactions: {} },
        { chat_id: OTHER, id: 'X1', received_chat_lid: null, source: 'live', text: 'text of X1', edited_text: null, is_deleted: false, is_starred: false, is_pinned: false, delivered_at: null, reactions: {} },
      ]);
      expect(map).toEqual([
        { lid: ME.lid, phone_jid: ME.id, first_seen_at: at(4) }, // senders of message rows link too (not of reactions)
        { lid: LID_CHAT, phone_jid: LID_CHAT_PHONE, first_seen_at: at(5) },
        { lid: lid2, phone_jid: phone3, first_seen_at: at(15) },
      ]);
    });
  });
});
