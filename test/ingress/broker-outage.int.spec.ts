import { exampleBytes, postWebhook } from '../support/http';
import { localBroker } from '../support/local-broker';
import { RunningApp, startTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { countRecords, readRecords, testKafka } from '../support/topic-reader';

/** Stops the real broker: the ingress must say 503 (never 200) and recover by itself. */
describe('ingress while the Kafka broker is down', () => {
  let running: RunningApp;

  beforeAll(async () => {
    running = await startTestApp(testConfig({ PUBLISH_TIMEOUT_MS: '3000' }));
    expect((await postWebhook(running.baseUrl, exampleBytes('logged_in'))).status).toBe(200);
  });

  afterAll(async () => {
    localBroker('start'); // leave the broker running for the specs after this one
    await running?.close();
  });

  it('answers 503 with Retry-After while the broker is stopped, then 200 again once it is back', async () => {
    localBroker('stop');
    const whileDown = await fetch(`${running.baseUrl}/webhooks/wsapi`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: exampleBytes('logged_out'),
    });
    expect(whileDown.status).toBe(503);
    expect(whileDown.headers.get('retry-after')).toBe('5');
    expect(await whileDown.json()).toMatchObject({ error: 'KAFKA_UNAVAILABLE' });

    const health = await fetch(`${running.baseUrl}/health`);
    expect(health.status).toBe(503);

    localBroker('start');
    const sessionTopic = `${running.config.KAFKA_TOPIC_PREFIX}.session`;
    let afterRestart = await postWebhook(running.baseUrl, exampleBytes('initial_sync_finished'));
    for (let attempt = 0; afterRestart.status !== 200 && attempt < 20; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      afterRestart = await postWebhook(running.baseUrl, exampleBytes('initial_sync_finished'));
    }
    expect(afterRestart.status).toBe(200);

    // Every 200 is in Kafka; the 503'd logged_out is not required to be, and an eventual copy would only be a duplicate.
    const kafka = testKafka();
    const total = (await countRecords(kafka, [sessionTopic]))[sessionTopic];
    const records = await readRecords(kafka, [sessionTopic], total);
    const types = records.map((record) => record.headers['wsapi-event-type']);
    expect(types).toEqual(expect.arrayContaining(['logged_in', 'initial_sync_finished']));
  });
});
