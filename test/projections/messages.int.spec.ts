import { Client } from 'pg';
import { Kafka } from 'kafkajs';
import { envelope, uniqueInstance } from '../support/events';
import { eventually, testDatabase } from '../support/database';
import { postWebhook } from '../support/http';
import { RunningApp, startTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { readRecords, testKafka } from '../support/topic-reader';

const CHAT = '15550100201@s.whatsapp.net';
const GRACE = { id: CHAT, lid: '88000000201@lid', phone: '15550100201', isMe: false };
const ME = { id: '15550100200@s.whatsapp.net', lid: '88000000200@lid', phone: '15550100200', isMe: true };

/** 2026-03-01 at 10:<minute>:<second> UTC, as WSAPI writes it and as the read model returns it. */
const at = (minute: number, second = 0) => `2026-03-01T10:${pad(minute)}:${pad(second)}.000Z`;
const pad = (value: number) => String(value).padStart(2, '0');

const message = (id: string, minute: number, fields: Record<string, unknown> = {}) => ({ id, time: at(minute), chatId: CHAT, sender: GRACE, isGroup: false, type: 'text', text: `text of ${id}`, ...fields });
const edit = (id: string, minute: number, originalId: string, text: string) => message(id, minute, { text, isEdit: true, edit: { originalMessageId: originalId } });
const reaction = (id: string, minute: number, sender: object, targetId: string, emoji: string) => message(id, minute, { sender, type: 'reaction', text: undefined, reaction: { messageId: targetId, emoji } });
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
});
