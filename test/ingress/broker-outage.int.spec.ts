import { envelope } from '../support/events';
import { exampleBytes, postWebhook } from '../support/http';
import { localBroker } from '../support/local-broker';
import { RunningApp, startTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { countRecords, readRecords, testKafka } from '../support/topic-reader';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Stops the real broker under load: every 200 is in Kafka, the rest got 503, and it recovers by itself. */
describe('ingress while the Kafka broker is down', () => {
  let running: RunningApp;

  beforeAll(async () => {
    running = await startTestApp(testConfig({ ROLE: 'ingress', PUBLISH_TIMEOUT_MS: '3000' }));
    expect((await postWebhook(running.baseUrl, exampleBytes('logged_in'))).status).toBe(200);
  });

  afterAll(async () => {
    localBroker('start'); // leave the broker running for the specs after this one
    await running?.close();
  });

  it('answers 503 with Retry-After while the broker is stopped', async () => {
    localBroker('stop');
    try {
      const whileDown = await fetch(`${running.baseUrl}/webhooks/wsapi`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: exampleBytes('logged_out') });
      expect(whileDown.status).toBe(503);
      expect(whileDown.headers.get('retry-after')).toBe('5');
      expect(await whileDown.json()).toMatchObject({ error: 'KAFKA_UNAVAILABLE' });
      expect((await fetch(`${running.baseUrl}/health`)).status).toBe(503);
    } finally {
      localBroker('start');
    }
  });

  it('under load through a stop and a restart: every 200 is in Kafka, everything else is a 503, then 200s again', async () => {
    const outcomes: { eventId: string; status: number; at: number }[] = [];
    let running_ = true;
    let sequence = 0;
    const worker = async () => {
      while (running_) {
        sequence += 1;
        const eventId = `evt_load_${sequence}`;
        const body = envelope('ins_load', 'message_star', { id: `M${sequence}`, chatId: 'c@s.whatsapp.net', sender: { id: 'c@s.whatsapp.net' }, time: '2026-03-01T10:00:00Z', isStarred: true }, '2026-03-01T10:00:00Z', eventId);
        const { status } = await postWebhook(running.baseUrl, body);
        outcomes.push({ eventId, status, at: Date.now() });
      }
    };
    const workers = Array.from({ length: 8 }, () => worker());
    await sleep(1000);
    localBroker('stop');
    await sleep(4000);
    const restartedAt = Date.now();
    localBroker('start');
    // Keep going until the service has recovered by itself and served a while again.
    for (let waited = 0; waited < 30_000; waited += 500) {
      await sleep(500);
      if (outcomes.filter((o) => o.at > restartedAt && o.status === 200).length >= 50) break;
    }
    running_ = false;
    await Promise.all(workers);

    const statuses = new Set(outcomes.map((o) => o.status));
    expect([...statuses].every((status) => status === 200 || status === 503)).toBe(true);
    expect(outcomes.some((o) => o.status === 503)).toBe(true);
    expect(outcomes.filter((o) => o.at > restartedAt && o.status === 200).length).toBeGreaterThanOrEqual(50);

    const topic = `${running.config.KAFKA_TOPIC_PREFIX}.messages`;
    const kafka = testKafka();
    const stored = await readRecords(kafka, [topic], (await countRecords(kafka, [topic]))[topic], 60_000);
    const storedIds = new Set(stored.map((record) => record.headers['wsapi-event-id']));
    const lost = outcomes.filter((o) => o.status === 200 && !storedIds.has(o.eventId));
    expect(lost).toEqual([]);
  });
});
