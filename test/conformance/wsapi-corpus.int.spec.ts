import { Client } from 'pg';
import { ProjectionsService } from '../../src/projections/engine/projections.service';
import { ReplayService } from '../../src/replay/replay.service';
import { EVENT_CATEGORY_BY_TYPE } from '../../src/wsapi/event-types';
import { corpusBytes, corpusEventFiles, corpusJson } from '../fixtures/wsapi-corpus';
import { eventually, testDatabase } from '../support/database';
import { postWebhook, WebhookResponse } from '../support/http';
import { RunningApp, startTestApp } from '../support/test-app';
import { recreateDatabase } from '../support/read-model-dump';
import { TEST_DATABASE_URL, testConfig } from '../support/test-config';
import { countRecords, readRecords, testKafka } from '../support/topic-reader';
import { CorpusWsapi } from './corpus-wsapi';

/**
 * Conformance with WSAPI's own examples (test/fixtures/wsapi-corpus, see its README): every event
 * file is posted signed to the webhook, none may be dead-lettered, and each must land where the
 * read-model docs say. The REST bodies are what the fake WSAPI serves for the snapshot (and the
 * flush) that the corpus' initial_sync_finished triggers.
 *
 * What "lands" means per file: the files share eventIds, instanceIds, chat ids and message ids
 * (e.g. message.1, message.schema.1, message_history_sync.1 and message_delete.1 all name message
 * 0123456789012345 of instance ins_ABCdefGHIjk), so posted into one instance the later ones would
 * hide what the earlier ones did. Each file is therefore posted under an instance of its own,
 * except where files only make sense together (a reaction/pin/delete/star/receipt next to its
 * target message; logged_in with its initial_sync_finished; chat settings that set different
 * columns of one chat). That is the only change made to a file: its envelope's `instanceId`
 * becomes `<instanceId>-<group>`. Everything else, eventIds included, is posted as written — which
 * also checks that a repeated eventId is not taken for a duplicate (message.sdktest.3 and
 * message_history_sync.sdktest.2 share eventId `e` and stay in one instance on purpose).
 * Then every file is posted once more, byte for byte as written, into the instances it names, and
 * the combined result is checked against the docs' merge rules.
 */
const GROUPS: Record<string, string[]> = {
  cycle: ['logged_in.1', 'initial_sync_finished.1'],
  live: ['message.1', 'message.2', 'message.3', 'message.4', 'message.5', 'message.6', 'message_delete.1', 'message_read.1', 'message_star.1'],
  people: ['chat_setting.1', 'chat_setting.2', 'chat_setting.3', 'chat_setting.4', 'chat_setting.5', 'chat_picture.1', 'chat_push_name.1', 'chat_status.1', 'contact.1'],
  'sdk-cycle': ['logged_in.sdktest.1', 'initial_sync_finished.sdktest.1'],
  'sdk-live': ['message.sdktest.1', 'message_delete.sdktest.1', 'message_read.sdktest.1', 'message_star.sdktest.1'],
  'sdk-people': ['chat_setting.sdktest.1', 'chat_picture.sdktest.1', 'chat_push_name.sdktest.1', 'chat_status.sdktest.1', 'contact.sdktest.1'],
  'shared-event-id': ['message.sdktest.3', 'message_history_sync.sdktest.2'],
};

/**
 * The corpus is stamped 2025-05-19T00:51:44.816Z (the SDK fixtures earlier). Delivered live,
 * WSAPI would send these events seconds after that, so the service's clock is set to that moment
 * (and runs on from there): the snapshot and flush that initial_sync_finished decides fall inside
 * WSAPI's window, as they would for a fresh cycle. How the service treats a cycle it sees late is
 * not what this spec is about (issue 12 part 1 has its own spec). Only `Date` is faked: timers,
 * Kafka and Postgres run in real time. Postgres' own now() stays real, so the outbox sees every
 * delayed job (fallback, bootstrap, retry) as due at once; CorpusWsapi answers only the cycles'
 * instances, so such a snapshot of any other instance gets 404 and changes nothing.
 */
const CORPUS_NOW = new Date('2025-05-19T00:51:50.000Z');
const REAL_TIMERS = ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame', 'requestIdleCallback', 'cancelIdleCallback', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] as const;

const SECRET = 'corpus-signing-secret';
const CHAT = '1234567890@s.whatsapp.net';
const CHAT_LID = '12345678901234@lid';
const GROUP = '1234567890-1234567890@g.us';
const SUBGROUP = '9876543210-9876543210@g.us';

interface Posted {
  file: string;
  instanceId: string;
  eventType: string;
  bytes: Buffer;
  response: WebhookResponse;
}

/** The instance of the `cycle` group, the one whose initial_sync_finished is served the REST bodies. */
const CYCLE = 'ins_ABCdefGHIjk-cycle';
const NOT_PAIRED = 'ins_ABCdefGHIjk-not-paired';
/** The instance every spec example names, where they are posted once more as written. */
const AS_WRITTEN = 'ins_ABCdefGHIjk';

/** Serves a cycle's snapshot (the corpus' list bodies) and flush (the given answer). */
function serveCycle(wsapi: CorpusWsapi, instanceId: string, flushStatus: number, flushFile: string): CorpusWsapi {
  return wsapi
    .answer(instanceId, 'GET /contacts', 200, 'rest/contacts.list.200.json')
    .answer(instanceId, 'GET /chats', 200, 'rest/chats.list.200.json')
    .answer(instanceId, 'GET /groups', 200, 'rest/groups.list.200.json')
    .answer(instanceId, 'POST /session/flush-history', flushStatus, flushFile);
}

/** The group of a file: named above, else a group of its own named after the file. */
function groupOf(name: string): string {
  return Object.entries(GROUPS).find(([, names]) => names.includes(name))?.[0] ?? name;
}

/** Every event file once: the grouped ones first, in their groups' order. */
function postingOrder(): string[] {
  const grouped = Object.values(GROUPS).flat();
  const names = corpusEventFiles().map((file) => file.replace(/^events\/|\.json$/g, ''));
  const unknown = grouped.filter((name) => !names.includes(name));
  if (unknown.length > 0) throw new Error(`GROUPS names files the corpus does not have: ${unknown.join(', ')}`);
  return [...grouped, ...names.filter((name) => !grouped.includes(name))];
}

/** Its own database: the dry-run rebuild compares whole tables, so other specs' rows would show as differences. */
const DATABASE_URL = `${TEST_DATABASE_URL}_conformance`;

describe('WSAPI conformance corpus: every example event lands (real Kafka + Postgres)', () => {
  let wsapi: CorpusWsapi;
  let running: RunningApp;
  let db: Client;
  const grouped: Posted[] = [];
  const asWritten: Posted[] = [];
  const instance = (file: string) => grouped.find((entry) => entry.file === `events/${file}.json`)!.instanceId;

  beforeAll(async () => {
    jest.useFakeTimers({ now: CORPUS_NOW, advanceTimers: true, doNotFake: [...REAL_TIMERS] });
    wsapi = new CorpusWsapi();
    await recreateDatabase(DATABASE_URL);
    await serveCycle(serveCycle(wsapi, CYCLE, 202, 'rest/session.flush-history.202.json'), AS_WRITTEN, 202, 'rest/session.flush-history.202.json').start();
    running = await startTestApp(
      testConfig({
        DATABASE_URL,
        WSAPI_BASE_URL: wsapi.baseUrl,
        WSAPI_API_KEY: 'corpus-api-key',
        WSAPI_SIGNING_SECRET: SECRET,
        HISTORY_SYNC_DEFAULT: 'true',
        // Reconcile is not what this spec checks: with the clock set back, every reconcile job would be
        // due at once and keep snapshotting (and changing `instances`) while the rows are compared.
        SNAPSHOT_RECONCILE_INTERVAL_MS: '0',
      }),
    );
    db = await testDatabase(DATABASE_URL);

    // Posted one at a time, each group in the order listed above (logged_in before its
    // initial_sync_finished; a target before what acts on it), the other files in name order.
    // Events of one instance share a partition, so this is also their order in the log (which
    // decides ties between equal times).
    const post = async (name: string, instanceId?: string): Promise<Posted> => {
      const file = `events/${name}.json`;
      const envelope = corpusJson(file);
      const bytes = instanceId ? Buffer.from(JSON.stringify({ ...envelope, instanceId }, null, 2)) : corpusBytes(file);
      return { file, instanceId: instanceId ?? envelope.instanceId, eventType: envelope.eventType, bytes, response: await postWebhook(running.baseUrl, bytes, SECRET) };
    };
    for (const name of postingOrder()) grouped.push(await post(name, `${corpusJson(`events/${name}.json`).instanceId}-${groupOf(name)}`));

    // Then every file once more, byte for byte as written, into the instances it names, as WSAPI
    // would send them to one account: what matters there is that nothing is dead-lettered when
    // they all meet. The cycle goes first and its snapshot is awaited, so that the logged_out and
    // login_error of the same instance come after it, as they would.
    for (const name of GROUPS.cycle) asWritten.push(await post(name));
    await eventually(async () => expect((await row('instances', AS_WRITTEN))?.last_snapshot_at).toBeInstanceOf(Date), 60_000);
    for (const name of postingOrder().filter((other) => !GROUPS.cycle.includes(other))) asWritten.push(await post(name));

    // Caught up: the cycle's snapshot is projected, then every projection's checkpoint is at the
    // end of every partition it reads (snapshots included), so everything posted was applied or
    // dead-lettered (a dead letter is sent before its batch commits).
    await eventually(async () => expect((await row('instances', instance('initial_sync_finished.1')))?.last_snapshot_at).toBeInstanceOf(Date), 60_000);
    const caughtUp = () =>
      eventually(async () => {
        const lag = await running.app.get(ProjectionsService).lag();
        expect(lag.filter((partition) => partition.lag > 0)).toEqual([]);
      }, 60_000, 500);
    await caughtUp();
    // Settled: the decisions those events caused (settings reads, snapshots, flushes, bootstraps)
    // have run and their outcome events are published, so `instances` stops moving; then caught up
    // once more, so those outcomes are applied too before any row is compared.
    await eventually(async () => {
      const open = await rows(
        `SELECT kind, instance_id FROM sync_outbox WHERE topic_prefix = $1
           AND ((status = 'pending' AND due_at <= now()) OR (outcome_event IS NOT NULL AND published_at IS NULL))`,
        [prefix()],
      );
      expect(open).toEqual([]);
    }, 90_000, 500);
    await caughtUp();
  });
  afterAll(async () => {
    await running?.close();
    await wsapi?.stop();
    await db?.end();
    jest.useRealTimers();
  });

  const prefix = () => running.config.KAFKA_TOPIC_PREFIX;
  const rows = async (sql: string, values: unknown[]) => (await db.query(sql, values)).rows;
  const row = async (table: string, instanceId: string, where = 'true', values: unknown[] = []) =>
    (await rows(`SELECT * FROM ${table} WHERE instance_id = $1 AND ${where}`, [instanceId, ...values]))[0];
  const message = (instanceId: string, id: string, chatId = CHAT) => row('messages', instanceId, 'chat_id = $2 AND id = $3', [chatId, id]);
  const messageIds = async (instanceId: string) => (await rows('SELECT chat_id, id FROM messages WHERE instance_id = $1 ORDER BY chat_id, id', [instanceId])).map((r) => `${r.chat_id} ${r.id}`);
  const iso = (value: Date | null) => value?.toISOString() ?? null;

  it('posts all 68 event files (39 spec examples, 3 schema-built, 26 SDK fixtures) twice, every time signed and answered 200', () => {
    for (const run of [grouped, asWritten]) {
      expect(run.map((entry) => entry.file).sort()).toEqual(corpusEventFiles());
      expect(run).toHaveLength(68);
    }
    const refused = [...grouped, ...asWritten].filter((entry) => entry.response.status !== 200);
    expect(refused.map((entry) => [entry.file, entry.instanceId, entry.response])).toEqual([]);
  });

  it('dead-letters none of them', async () => {
    expect(await countRecords(testKafka(), [`${prefix()}.dlq`])).toEqual({ [`${prefix()}.dlq`]: 0 });
  });

  it('stores each one, byte for byte, on the topic of its event type (presence, calls and newsletters have no read model: the topic is where they land)', async () => {
    const topics = [...new Set(Object.values(EVENT_CATEGORY_BY_TYPE))].map((category) => `${prefix()}.${category}`);
    // The session topic also holds our own outcome events: read everything the topics hold.
    const total = Object.values(await countRecords(testKafka(), topics)).reduce((sum, count) => sum + count, 0);
    const records = await readRecords(testKafka(), topics, total);
    for (const entry of [...grouped, ...asWritten]) {
      const onTopic = records.filter((record) => record.key === entry.instanceId && record.value.equals(entry.bytes)).map((record) => record.topic);
      expect([entry.file, onTopic]).toEqual([entry.file, [`${prefix()}.${EVENT_CATEGORY_BY_TYPE[entry.eventType]}`]]);
    }
  });

  it('a rebuild of every read model from the topics gives exactly these rows (dry run: no differences, no dead letters)', async () => {
    const summaries = await running.app.get(ReplayService).rebuild('all', { dryRun: true });
    expect(summaries.map((summary) => [summary.projection, summary.deadLettered, summary.differences])).toEqual(
      summaries.map((summary) => [summary.projection, 0, Object.fromEntries(Object.keys(summary.differences).map((table) => [table, { onlyInRebuild: 0, onlyInLive: 0 }]))]),
    );
    expect(summaries.map((summary) => summary.projection).sort()).toEqual(['chats', 'contacts', 'groups', 'history-pages', 'messages', 'sync-state']);
  });

  describe('messages', () => {
    it('a live text message gets its reaction, delete, star and read receipt; a media message its pin; reactions and pins are no rows', async () => {
      const live = instance('message.1');
      expect(await messageIds(live)).toEqual(['0123456789012345', '0123456789012346', '0123456789012347', '0123456789012349'].map((id) => `${CHAT} ${id}`));
      expect(await message(live, '0123456789012345')).toMatchObject({
        source: 'live', type: 'text', text: 'Hello, world!', sender_id: CHAT, sender_lid: CHAT_LID, from_me: false,
        reactions: { [CHAT]: { emoji: '👍', at: '2025-05-19T00:51:47.000Z' } },
        is_deleted: true, deleted_for_all: true, is_starred: true,
      });
      const target = await message(live, '0123456789012345');
      expect([iso(target.time), iso(target.deleted_at), iso(target.starred_at), iso(target.read_at), target.delivered_at]).toEqual(
        ['2025-05-19T00:51:44.816Z', '2025-05-19T00:51:44.816Z', '2025-05-19T00:51:44.816Z', '2025-05-19T00:51:44.816Z', null],
      );
      const image = await message(live, '0123456789012346');
      expect(image).toMatchObject({ type: 'media', has_thumbnail: true, is_pinned: true, media: { mediaType: 'image', caption: 'Check this out', fileLength: 204800 } });
      expect(image.media).not.toHaveProperty('jpegThumbnail');
      expect(iso(image.pinned_at)).toBe('2025-05-19T00:51:49.000Z');
      expect(await message(live, '0123456789012347')).toMatchObject({ type: 'media', has_thumbnail: false, media: { mediaType: 'audio', duration: 12 } });
      expect(await message(live, '0123456789012349')).toMatchObject({ type: 'contact', text: null, raw: { contact: expect.stringContaining('FN:Jane Doe') } });
    });

    it('the schema-built message fills every column it can, and an `edit` block with isEdit false is no edit', async () => {
      const schema = instance('message.schema.1');
      expect(await messageIds(schema)).toEqual([`${CHAT} 0123456789012345`]);
      const built = await message(schema, '0123456789012345');
      expect(built).toMatchObject({ source: 'live', type: 'text', reply_to_id: '0123456789012345', mentions: ['string'], is_forwarded: false, has_thumbnail: true, is_edited: false, edited_text: null });
      expect(built.raw.extendedText).toEqual({ matchedText: 'string', description: 'string', title: 'string' });
    });

    it('history elements are rows of source history; the schema-built element is a text message whatever other blocks it carries', async () => {
      const history = instance('message_history_sync.1');
      expect(await messageIds(history)).toEqual([`${CHAT} 0123456789012345`]);
      expect(await message(history, '0123456789012345')).toMatchObject({ source: 'history', type: 'text', text: 'Hello, world!', sender_lid: CHAT_LID });

      const schema = instance('message_history_sync.schema.1');
      expect(await messageIds(schema)).toEqual([`${CHAT} 0123456789012345`]);
      const element = await message(schema, '0123456789012345');
      expect(element).toMatchObject({ source: 'history', type: 'text', has_thumbnail: true, is_pinned: false, reactions: {}, media: { mediaType: 'image', filename: 'string' } });
      expect(element.media).not.toHaveProperty('jpegThumbnail');
    });

    it('SDK fixtures: `sender.user` instead of phone, no `sender.isMe`, history messages wrapped in envelopes', async () => {
      const sdk = instance('message.sdktest.1');
      expect(await messageIds(sdk)).toEqual([`${CHAT} msg123`]);
      const target = await message(sdk, 'msg123');
      expect(target).toMatchObject({ source: 'live', text: 'Hello World', sender_id: CHAT, sender_lid: null, from_me: false, is_deleted: true, deleted_for_all: true, is_starred: true });
      expect([iso(target.deleted_at), iso(target.read_at), iso(target.starred_at)]).toEqual(['2025-01-01T11:30:00.000Z', '2025-01-01T11:00:00.000Z', '2025-01-01T11:00:00.000Z']);

      expect(await message(instance('message.sdktest.2'), 'msg123')).toMatchObject({ source: 'live', text: 'Hello' });

      const wrapped = instance('message_history_sync.sdktest.1');
      expect(await messageIds(wrapped)).toEqual([`${CHAT} msg1`]);
      const unwrapped = await message(wrapped, 'msg1');
      expect(unwrapped).toMatchObject({ source: 'history', text: 'Hello', from_me: false });
      expect(unwrapped.raw).toEqual(corpusJson('events/message_history_sync.sdktest.1.json').eventData.messages[0].eventData);

      // eventId `e` twice in one instance: a live message and a history chunk, both applied.
      const shared = instance('message.sdktest.3');
      expect(await message(shared, 'm', 'c')).toMatchObject({ source: 'live', text: 'hello', sender_id: 'u', from_me: false });
      expect(await row('instances', shared)).toMatchObject({ history_events_received: 1, history_messages_received: 1, history_chats_received: 1 });
    });
  });

  describe('chats and contacts', () => {
    it('chat settings, picture, push name, status and contact of one person', async () => {
      const people = instance('contact.1');
      const chat = await row('chats', people, 'id = $2', [CHAT]);
      expect(chat).toMatchObject({ lid: CHAT_LID, is_group: false, is_muted: true, is_pinned: true, is_read: true, is_archived: true, ephemeral_expiration: 604800, picture_id: 'picture_123' });
      expect(iso(chat.mute_end_time)).toBe('2025-05-20T00:51:44.816Z');
      expect(await row('contacts', people, 'id = $2', [CHAT])).toMatchObject({
        lid: CHAT_LID, phone: '1234567890', full_name: 'John Doe', in_phone_address_book: true, push_name: 'John Doe', about: 'Available',
      });

      const sdk = instance('contact.sdktest.1');
      expect(await row('chats', sdk, 'id = $2', [CHAT])).toMatchObject({ is_muted: true, picture_id: 'picture_123' });
      expect(await row('contacts', sdk, 'id = $2', [CHAT])).toMatchObject({ phone: '1234567890', full_name: 'Test Contact', push_name: 'John Doe', about: 'Available' });
    });

    it('messages make chats with their last message time', async () => {
      expect(iso((await row('chats', instance('message.1'), 'id = $2', [CHAT])).last_message_at)).toBe('2025-05-19T00:51:49.000Z');
      expect(iso((await row('chats', instance('message_history_sync.1'), 'id = $2', [CHAT])).last_message_at)).toBe('2025-05-19T00:51:44.816Z');
      expect(iso((await row('chats', instance('message_history_sync.sdktest.1'), 'id = $2', [CHAT])).last_message_at)).toBe('2025-01-01T10:00:00.000Z');
    });
  });

  describe('groups', () => {
    const group = (file: string, id = GROUP) => row('groups', instance(file), 'id = $2', [id]);
    const participant = (file: string, id: string) => row('group_participants', instance(file), 'group_id = $2 AND participant_id = $3', [GROUP, id]);

    it('each spec example changes what it names', async () => {
      expect(await group('group.1')).toMatchObject({ description: 'New Group Description', is_member: true });
      expect(await group('group.2')).toMatchObject({ name: 'New Group Name', is_member: true });
      expect(await participant('group.3', '9876543210@s.whatsapp.net')).toMatchObject({ participant_lid: '98765432101234@lid', phone: '9876543210', is_member: true, is_admin: false });
      expect(await participant('group.3', '5551234567@s.whatsapp.net')).toMatchObject({ is_member: true, is_admin: false });
      expect(await participant('group.4', '9876543210@s.whatsapp.net')).toMatchObject({ is_member: false, is_admin: false });
      expect((await group('group.4')).is_member).toBeNull(); // a leave may be our own removal: not inferred
      expect(await participant('group.5', '9876543210@s.whatsapp.net')).toMatchObject({ is_member: true, is_admin: true });
      expect(await group('group.6')).toMatchObject({ is_community: true, is_member: true });
      expect(await participant('group.6', '1111111111@s.whatsapp.net')).toMatchObject({ is_member: true });
      expect(await group('group.7', SUBGROUP)).toMatchObject({ community_id: GROUP, is_member: true });
      expect(await group('group.7')).toMatchObject({ is_community: true });
      expect(await group('group.8')).toMatchObject({ is_community: true });
      expect(await group('group.8', SUBGROUP)).toMatchObject({ name: 'New Subgroup', community_id: GROUP });
    });

    it('the schema-built group event sets every block it carries', async () => {
      expect(await group('group.schema.1')).toMatchObject({
        description: 'New Group Description', is_locked: false, is_announce: false, is_join_approval_required: false, is_suspended: false,
        delete_reason: 'string', is_member: false,
      });
      expect(await participant('group.schema.1', CHAT)).toMatchObject({ is_member: true, is_admin: false });
      expect(await group('group.schema.1', SUBGROUP)).toMatchObject({ community_id: null });
    });

    it('SDK fixtures', async () => {
      expect(await group('group.sdktest.1')).toMatchObject({ description: 'New Group Description' });
      expect(await participant('group.sdktest.2', '9876543210@s.whatsapp.net')).toMatchObject({ phone: '9876543210', is_member: true });
      expect(await participant('group.sdktest.3', '9876543210@s.whatsapp.net')).toMatchObject({ is_member: false });
    });
  });

  describe('all of them as written, in the instances they name (ins_ABCdefGHIjk, instance123, i)', () => {
    it('one message row per message: the later of two live copies with the same receivedAt wins, history never overrides live', async () => {
      expect(await messageIds(AS_WRITTEN)).toEqual(['0123456789012345', '0123456789012346', '0123456789012347', '0123456789012349'].map((id) => `${CHAT} ${id}`));
      expect(await message(AS_WRITTEN, '0123456789012345')).toMatchObject({
        source: 'live', reply_to_id: '0123456789012345', mentions: ['string'], // message.schema.1, posted after message.1
        is_deleted: true, is_starred: true, reactions: { [CHAT]: { emoji: '👍' } },
      });
      expect(await message(AS_WRITTEN, '0123456789012346')).toMatchObject({ source: 'live', is_pinned: true });
      expect(await message('i', 'm', 'c')).toMatchObject({ source: 'live', text: 'hello' });
      expect(await message('instance123', 'msg123')).toMatchObject({ text: 'Hello', is_deleted: true, is_starred: true }); // message.sdktest.2 after .1
      expect(await message('instance123', 'msg1')).toMatchObject({ source: 'history', text: 'Hello' });
    });

    it('the snapshot, taken after the events happened, wins where it reports something; events keep what it does not report', async () => {
      const chat = await row('chats', AS_WRITTEN, 'id = $2', [CHAT]);
      expect(chat).toMatchObject({ name: 'string', is_archived: false, is_pinned: false, is_muted: false, is_read: true, ephemeral_expiration: 604800, picture_id: 'picture_123' });
      expect(iso(chat.last_message_at)).toBe('2025-05-19T00:51:49.000Z');
      // The snapshot says LID 222424242@lid, the events 12345678901234@lid: the smaller is kept,
      // whichever the projection saw first (the rebuild below sees the topics in another order).
      expect(await rows('SELECT id, lid FROM chats WHERE instance_id = $1', [AS_WRITTEN])).toEqual([{ id: CHAT, lid: CHAT_LID }]);
      expect(await rows('SELECT id, lid, full_name, push_name, about FROM contacts WHERE instance_id = $1', [AS_WRITTEN])).toEqual([
        { id: CHAT, lid: CHAT_LID, full_name: 'string', push_name: 'string', about: 'Available' },
      ]);
      // Groups the snapshot does not list are not the instance's any more, whatever older events said.
      const groups = await rows('SELECT id, is_member FROM groups WHERE instance_id = $1 ORDER BY id', [AS_WRITTEN]);
      expect(groups).toEqual([{ id: GROUP, is_member: false }, { id: SUBGROUP, is_member: false }, { id: 'string', is_member: true }]);
    });

    it('instances: the cycle with its flush and snapshot, then the logout; history counted', async () => {
      expect(await row('instances', AS_WRITTEN)).toMatchObject({
        status: 'logged_out', sync_cycle: 1, cycle_id: 'evt_8901234567890123', flush_status: 'accepted', logout_reason: 'user_logged_out',
        login_error: 'connection timeout: failed to pair device', history_events_received: 2, history_messages_received: 2,
      });
      expect(await row('instances', 'instance123')).toMatchObject({ status: 'logged_out', device_id: 'device123', login_error: 'Connection failed' });
      expect(await row('instances', 'i')).toMatchObject({ history_events_received: 1, history_messages_received: 1 });
    });
  });

  describe('instances and the snapshot', () => {
    it('the cycle: logged in, synced, flush accepted (202 body of the spec), snapshot taken', async () => {
      const cycle = instance('initial_sync_finished.1');
      expect(await row('instances', cycle)).toMatchObject({
        status: 'history_requested', device_id: '1234567890:12@s.whatsapp.net', sync_cycle: 1, cycle_id: 'evt_8901234567890123', flush_status: 'accepted', history_sync: true,
      });
      // At least one snapshot (the logged_in's fallback snapshot may run before initial_sync_finished
      // cancels it: with the clock set back, Postgres sees every delayed job as due), one flush.
      for (const route of ['GET /contacts', 'GET /chats', 'GET /groups']) expect([route, wsapi.callsOf(cycle, route) >= 1]).toEqual([route, true]);
      expect(wsapi.callsOf(cycle, 'POST /session/flush-history')).toBe(1);
    });

    it('the REST bodies land in contacts, chats, groups and group_participants', async () => {
      const cycle = instance('initial_sync_finished.1');
      expect(await row('contacts', cycle, 'id = $2', [CHAT])).toMatchObject({ lid: '222424242@lid', phone: '1234567890', full_name: 'string', first_name: 'string', business_name: 'string', push_name: 'string', in_phone_address_book: false });
      const chat = await row('chats', cycle, 'id = $2', [CHAT]);
      expect(chat).toMatchObject({ lid: '222424242@lid', is_group: false, name: 'string', is_archived: false, is_pinned: false, is_muted: false });
      expect([iso(chat.mute_end_time), iso(chat.last_activity)]).toEqual(['2025-05-19T00:51:44.816Z', '2025-05-19T00:51:44.816Z']);
      const group = await row('groups', cycle, 'id = $2', ['string']);
      expect(group).toMatchObject({ name: 'string', description: 'string', owner_id: CHAT, member_add_mode: 'string', is_member: true, is_announce: false, is_locked: false, is_ephemeral: false, ephemeral_expiration: 0 });
      // Its placeholder communityId is its own id: a group is not its own community.
      expect(group).toMatchObject({ community_id: null, is_community: false });
      expect(iso(group.created_at)).toBe('2025-05-19T00:51:44.816Z');
      expect(await row('group_participants', cycle, 'group_id = $2', ['string'])).toMatchObject({ participant_id: CHAT, participant_lid: '222424242@lid', is_member: true, is_admin: false, is_super_admin: false, display_name: 'string' });
    });

    it('session events of their own, legacy logged_error included', async () => {
      expect(await row('instances', instance('logged_out.1'))).toMatchObject({ status: 'logged_out', logout_reason: 'user_logged_out' });
      expect(await row('instances', instance('login_error.1'))).toMatchObject({ status: 'login_error', login_error: 'connection timeout: failed to pair device' });
      expect(await row('instances', instance('logged_out.sdktest.1'))).toMatchObject({ status: 'logged_out', logout_reason: 'user_logged_out' });
      expect(await row('instances', instance('logged_error.sdktest.1'))).toMatchObject({ status: 'login_error', login_error: 'Connection failed' });
      const sdkCycle = await row('instances', instance('initial_sync_finished.sdktest.1'));
      expect(sdkCycle).toMatchObject({ device_id: 'device123', cycle_id: 'evt_sdktest_logged_in_1' });
      expect(iso(sdkCycle.initial_sync_finished_at)).toBe('2025-01-01T12:00:00.000Z');
    });

    it("a flush refused with the spec's DeviceNotPaired answer (HTTP 409, body status 403) fails at once, by the HTTP status", async () => {
      serveCycle(wsapi, NOT_PAIRED, 409, 'rest/error.DeviceNotPaired.json');
      const instanceId = NOT_PAIRED;
      for (const name of GROUPS.cycle) {
        const bytes = Buffer.from(JSON.stringify({ ...corpusJson(`events/${name}.json`), instanceId }));
        expect((await postWebhook(running.baseUrl, bytes, SECRET)).status).toBe(200);
      }
      const failed = await eventually(async () => {
        const instance = await row('instances', instanceId);
        expect(instance?.flush_status).toBe('failed');
        return instance;
      });
      expect(failed.flush_error).toBe('REJECTED: POST /session/flush-history answered 409: device not paired');
      expect(wsapi.callsOf(instanceId, 'POST /session/flush-history')).toBe(1);
    });

    it('history chunks count for their instance', async () => {
      expect(await row('instances', instance('message_history_sync.1'))).toMatchObject({ history_events_received: 1, history_messages_received: 1, history_chats_received: 1 });
      expect(await row('instances', instance('message_history_sync.sdktest.1'))).toMatchObject({ history_events_received: 1, history_chats_received: 1 });
    });
  });
});
