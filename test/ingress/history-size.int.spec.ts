import { eventually, testDatabase } from '../support/database';
import { exampleBytes, postWebhook } from '../support/http';
import { RunningApp, startTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { readRecords, testKafka } from '../support/topic-reader';

/**
 * The default limits must let the largest real event through: a 500-message history chunk, into
 * Kafka and on into `messages`, even though it is larger than what a projection fetches at once
 * (Kafka hands out a record larger than the fetch size whole; kafkajs must cope).
 */
describe('default body limit (real broker)', () => {
  let running: RunningApp;

  beforeAll(async () => {
    running = await startTestApp(testConfig({ PROJECTION_FETCH_MAX_BYTES: String(1024 * 1024) }));
  });
  afterAll(async () => running?.close());

  it('accepts a message_history_sync with 500 media messages with thumbnails (~10 MiB) end to end', async () => {
    const template = JSON.parse(exampleBytes('message.media').toString('utf8')).eventData;
    const thumbnail = Buffer.alloc(16_000, 7).toString('base64'); // ~21 KB, a generous real thumbnail
    const messages = Array.from({ length: 500 }, (_, i) => ({
      ...template,
      id: `HIST${i}`,
      media: { ...template.media, jpegThumbnail: thumbnail },
    }));
    const body = Buffer.from(
      JSON.stringify({ eventId: 'evt_big', instanceId: 'ins_big', eventType: 'message_history_sync', receivedAt: new Date().toISOString(), eventData: { chatId: template.chatId, messages } }),
    );
    expect(body.length).toBeGreaterThan(10 * 1024 * 1024);

    const response = await postWebhook(running.baseUrl, body);
    expect(response.status).toBe(200);
    const [record] = await readRecords(testKafka(), [`${running.config.KAFKA_TOPIC_PREFIX}.history`], 1, 30_000);
    expect(record.value.length).toBe(body.length);
    expect(record.value.equals(body)).toBe(true);

    const db = await testDatabase();
    try {
      await eventually(async () => {
        const { rows } = await db.query(`SELECT count(*)::int AS n FROM messages WHERE instance_id = 'ins_big' AND id LIKE 'HIST%'`);
        expect(rows[0].n).toBe(500);
      }, 60_000);
    } finally {
      await db.end();
    }
  });
});
