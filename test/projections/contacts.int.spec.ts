import { Client } from 'pg';
import { Kafka } from 'kafkajs';
import { envelope, uniqueInstance } from '../support/events';
import { eventually, testDatabase } from '../support/database';
import { postWebhook } from '../support/http';
import { RunningApp, startTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { readRecords, testKafka } from '../support/topic-reader';

const PHONE = '15550100201@s.whatsapp.net';
const LID = '88000000201@lid';

describe('contacts projection (real Kafka + Postgres)', () => {
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

  const post = async (body: string) => expect((await postWebhook(running.baseUrl, body)).status).toBe(200);
  const contactRows = (instance: string) =>
    db.query('SELECT id, lid, phone, full_name, in_phone_address_book, push_name, about, first_name, business_name FROM contacts WHERE instance_id = $1 ORDER BY id', [instance]).then((result) => result.rows);

  it('merges a LID-first contact into its phone JID row and keeps the newest name whatever the arrival order', async () => {
    const instance = uniqueInstance();
    // Newest name first, then an older one (must not win), then the phone JID learned from a push name.
    await post(envelope(instance, 'contact', { contact: { id: LID }, fullName: 'Grace B. Hopper', inPhoneAddressBook: true }, '2026-03-01T10:00:05Z'));
    await post(envelope(instance, 'contact', { contact: { id: LID }, fullName: 'Grace (old)', inPhoneAddressBook: false }, '2026-03-01T10:00:01Z'));
    const pushName = envelope(instance, 'chat_push_name', { user: { id: PHONE, lid: LID, phone: '15550100201' }, pushName: 'Grace' }, '2026-03-01T10:00:03Z');
    await post(pushName);
    await post(pushName); // a duplicate delivery changes nothing
    await post(envelope(instance, 'user_status', { user: { id: LID }, status: 'At sea' }, '2026-03-01T10:00:04Z')); // legacy alias, LID only

    const rows = await eventually(async () => {
      const current = await contactRows(instance);
      expect(current).toHaveLength(1);
      expect(current[0].about).toBe('At sea');
      return current;
    });
    expect(rows).toEqual([
      { id: PHONE, lid: LID, phone: '15550100201', full_name: 'Grace B. Hopper', in_phone_address_book: true, push_name: 'Grace', about: 'At sea', first_name: null, business_name: null },
    ]);
  });

  it('materializes a contacts snapshot from the snapshots topic, and older events do not override it', async () => {
    const instance = uniqueInstance();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: `${running.config.KAFKA_TOPIC_PREFIX}.snapshots`,
      messages: [
        {
          key: instance,
          value: envelope(instance, 'contacts_snapshot', {
            items: [
              { id: PHONE, lid: LID, phone: '15550100201', fullName: 'Grace Hopper', firstName: 'Grace', pushName: 'Grace', inPhoneAddressBook: true },
              { id: '15550100202@s.whatsapp.net', fullName: 'Alan Turing', firstName: 'Alan', businessName: 'Bletchley Consulting', inPhoneAddressBook: true },
            ],
          }, '2026-03-01T12:00:00Z'),
        },
      ],
    });
    await producer.disconnect();
    await post(envelope(instance, 'contact', { contact: { id: PHONE }, fullName: 'Stale name', inPhoneAddressBook: false }, '2026-03-01T11:00:00Z'));
    await post(envelope(instance, 'chat_push_name', { user: { id: '15550100202@s.whatsapp.net' }, pushName: 'Alan T.' }, '2026-03-01T12:30:00Z'));

    await eventually(async () => {
      expect(await contactRows(instance)).toEqual([
        { id: PHONE, lid: LID, phone: '15550100201', full_name: 'Grace Hopper', in_phone_address_book: true, push_name: 'Grace', about: null, first_name: 'Grace', business_name: null },
        { id: '15550100202@s.whatsapp.net', lid: null, phone: null, full_name: 'Alan Turing', in_phone_address_book: true, push_name: 'Alan T.', about: null, first_name: 'Alan', business_name: 'Bletchley Consulting' },
      ]);
    });
  });

  it('sends a poison event to the DLQ with the reason and keeps projecting its neighbours', async () => {
    const instance = uniqueInstance();
    await post(envelope(instance, 'contact', { contact: { id: PHONE }, fullName: 'Before', inPhoneAddressBook: true }, '2026-03-01T10:00:00Z'));
    await post(envelope(instance, 'contact', { contact: { id: 42 }, inPhoneAddressBook: 'yes' }, '2026-03-01T10:00:01Z', 'evt_poison'));
    await post(envelope(instance, 'chat_push_name', { user: { id: PHONE }, pushName: 'After' }, '2026-03-01T10:00:02Z'));

    await eventually(async () => expect(await contactRows(instance)).toEqual([expect.objectContaining({ full_name: 'Before', push_name: 'After' })]));
    const letters = await readRecords(kafka, [`${running.config.KAFKA_TOPIC_PREFIX}.dlq`], 1);
    const letter = letters.find((record) => record.headers['wsapi-event-id'] === 'evt_poison');
    expect(letter).toBeDefined();
    expect(letter!.headers).toMatchObject({
      'dlq-projection': 'contacts',
      'dlq-source-topic': `${running.config.KAFKA_TOPIC_PREFIX}.contacts`,
      'dlq-source-partition': expect.stringMatching(/^\d+$/),
      'dlq-source-offset': expect.stringMatching(/^\d+$/),
      'dlq-error': expect.stringMatching(/contact\.id: id must be a string[\s\S]*fullName/),
    });
    expect(JSON.parse(letter!.value.toString()).eventId).toBe('evt_poison');
  });
});
