import { envelope, uniqueInstance } from '../support/events';
import { eventually } from '../support/database';
import { postWebhook } from '../support/http';
import { RunningApp, startTestApp } from '../support/test-app';
import { testConfig, uniquePrefix } from '../support/test-config';

/** Sum of a metric's samples whose labels include `labels`, from Prometheus text format. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .filter((line) => Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`)))
    .reduce((total, line) => total + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

describe('GET /metrics (real Kafka + Postgres)', () => {
  const prefix = uniquePrefix();
  let ingress: RunningApp;
  let consumers: RunningApp | undefined;

  beforeAll(async () => {
    ingress = await startTestApp(testConfig({ ROLE: 'ingress', KAFKA_TOPIC_PREFIX: prefix }));
  });
  afterAll(async () => {
    await consumers?.close();
    await ingress?.close();
  });

  const scrape = async (app: RunningApp) => {
    const response = await fetch(`${app.baseUrl}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/text\/plain/);
    return response.text();
  };

  it('counts webhooks by status and type, times publishes, and shows lag until the consumers catch up', async () => {
    const instance = uniqueInstance();
    for (let i = 0; i < 3; i += 1) {
      const body = envelope(instance, 'contact', { contact: { id: `1555000000${i}@s.whatsapp.net` }, fullName: `P${i}`, inPhoneAddressBook: true }, '2026-03-01T10:00:00Z');
      expect((await postWebhook(ingress.baseUrl, body)).status).toBe(200);
    }
    expect((await postWebhook(ingress.baseUrl, '{broken')).status).toBe(400);

    // Lag is read from Kafka at scrape time; right after a broker restart (an earlier spec's) the
    // first read can come back empty, so scrape until it reports the three records.
    const before = await eventually(async () => {
      const text = await scrape(ingress);
      expect(sample(text, 'wsapi_projection_consumer_lag', { projection: 'contacts', topic: `${prefix}.contacts` })).toBe(3);
      return text;
    });
    expect(sample(before, 'wsapi_ingress_requests_total', { status: '200', event_type: 'contact' })).toBe(3);
    expect(sample(before, 'wsapi_ingress_requests_total', { status: '400' })).toBe(1);
    expect(sample(before, 'wsapi_publish_duration_seconds_count', { outcome: 'acknowledged' })).toBe(3);
    expect(sample(before, 'wsapi_projection_consumer_lag', { projection: 'contacts', topic: `${prefix}.contacts` })).toBe(3);

    consumers = await startTestApp(testConfig({ ROLE: 'consumers', KAFKA_TOPIC_PREFIX: prefix }));
    await eventually(async () => {
      expect(sample(await scrape(ingress), 'wsapi_projection_consumer_lag', { projection: 'contacts' })).toBe(0);
    });
    const after = await scrape(consumers);
    expect(sample(after, 'wsapi_projection_events_total', { projection: 'contacts', outcome: 'applied' })).toBe(3);
    expect(sample(after, 'wsapi_dlq_records_total')).toBe(0);
    expect(sample(after, 'wsapi_projection_batch_duration_seconds_count', { projection: 'contacts' })).toBeGreaterThan(0);
  });
});
