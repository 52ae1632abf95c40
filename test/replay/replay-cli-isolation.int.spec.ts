import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { provisionTopics } from '../../src/kafka/topic-provisioner';
import { allTopicSuffixes, ServiceTopic, topicName } from '../../src/kafka/topics';
import { SimulatedEvent } from '../../tools/simulator/account-stream';
import { eventually } from '../support/database';
import { envelope, uniqueInstance } from '../support/events';
import { FakeWsapi } from '../support/fake-wsapi';
import { recreateDatabase } from '../support/read-model-dump';
import { ensureBuilt } from '../support/service-process';
import { produceStream } from '../support/stream-producer';
import { startTestApp } from '../support/test-app';
import { TEST_DATABASE_URL, testConfig, uniquePrefix } from '../support/test-config';
import { countRecords, testKafka } from '../support/topic-reader';

const CLI = join(__dirname, '../../dist/src/replay/replay.cli.js');
const SSE_ROUTE = 'GET /events/stream';
/** Its own database: a full rebuild swaps whole tables. */
const DATABASE_URL = `${TEST_DATABASE_URL}_replay_cli`;

/** `npm run replay` as an operator runs it: the compiled CLI in its own process; its exit code and output. */
function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const cli = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    cli.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    cli.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    cli.once('error', reject);
    cli.once('exit', (code) => resolve({ code, output }));
  });
}

const event = (instanceId: string, eventType: string, eventData: Record<string, unknown>, at: string, eventId?: string): SimulatedEvent =>
  JSON.parse(envelope(instanceId, eventType, eventData, at, eventId)) as SimulatedEvent;

/**
 * The replay CLI is built from its own root (config, Postgres, Kafka, projections, replay): with
 * every setting that makes a serving process stream, deliver and publish, it does none of it.
 */
describe('replay CLI isolation (real Kafka + Postgres, compiled CLI)', () => {
  const prefix = uniquePrefix();
  const kafka = testKafka();
  const topics = allTopicSuffixes().map((suffix) => topicName(prefix, suffix));
  const deadLetters = topicName(prefix, ServiceTopic.DeadLetter);
  let wsapi: FakeWsapi;
  let instance: string;

  /** What would make a serving process open SSE streams, run the outbox and reconcile at once. */
  const everythingOn = () => ({
    ROLE: 'all',
    KAFKA_TOPIC_PREFIX: prefix,
    DATABASE_URL,
    WSAPI_BASE_URL: wsapi.baseUrl,
    WSAPI_API_KEY: 'replay-isolation-key',
    SSE_INSTANCES: instance,
    HISTORY_SYNC_DEFAULT: 'true',
    OUTBOX_DISPATCHER_ENABLED: 'true',
    OUTBOX_POLL_MS: '50',
    SNAPSHOT_RECONCILE_INTERVAL_MS: '1000',
  });

  beforeAll(async () => {
    ensureBuilt();
    await recreateDatabase(DATABASE_URL);
    wsapi = await new FakeWsapi().start();
    instance = uniqueInstance();
    await provisionTopics(kafka, { prefix, partitions: 3, replicationFactor: 1 });
    await produceStream(kafka, prefix, [
      event(instance, 'contact', { contact: { id: '15550100301@s.whatsapp.net' }, fullName: 'Ada', inPhoneAddressBook: true }, '2026-03-01T10:00:00Z'),
      event(instance, 'contact', { contact: { id: '15550100302@s.whatsapp.net' }, fullName: 'Alan', inPhoneAddressBook: true }, '2026-03-01T10:00:01Z'),
      // Unhandleable: the rebuild sends it to the dead-letter topic, the one topic it may write.
      event(instance, 'contact', { contact: { id: 42 }, inPhoneAddressBook: 'yes' }, '2026-03-01T10:00:02Z', `evt_poison_${instance}`),
      // A session a live consumer would answer with a history flush (an outbox job, a WSAPI call, an outcome event).
      event(instance, 'logged_in', { deviceId: 'd:1@s.whatsapp.net' }, '2026-03-01T10:00:03Z'),
      event(instance, 'initial_sync_finished', {}, '2026-03-01T10:00:04Z'),
    ]);
  }, 300_000);
  afterAll(async () => {
    await wsapi?.stop();
  });

  it('rebuilds without opening an SSE stream, calling WSAPI or publishing anything but dead letters', async () => {
    const before = await countRecords(kafka, topics);

    const { code, output } = await runCli(['all'], everythingOn());

    // It did finish its rebuild (the positive event the negative checks below stand on).
    expect({ code, output }).toMatchObject({ code: 0 });
    expect(output).toMatch(/contacts \(version \d+\): \d+ events read, rows contacts=2, [1-9]\d* to DLQ/);
    expect(output).toMatch(/sync-state( \(version \d+\))?: \d+ events read, rows instances=1 /);
    const deadLettered = [...output.matchAll(/, (\d+) to DLQ/g)].reduce((sum, [, count]) => sum + Number(count), 0);
    const after = await countRecords(kafka, topics);
    const grown = Object.fromEntries(topics.filter((topic) => after[topic] !== before[topic]).map((topic) => [topic, after[topic] - before[topic]]));
    expect(grown).toEqual({ [deadLetters]: deadLettered });
    expect(wsapi.requestsTo(SSE_ROUTE)).toHaveLength(0);
    expect(wsapi.requests).toHaveLength(0);
  }, 180_000);

  it('(control) a serving ingress with the same settings does open the stream the CLI did not', async () => {
    const running = await startTestApp(testConfig({ ...everythingOn(), ROLE: 'ingress' }));
    try {
      await eventually(async () => expect(wsapi.requestsTo(SSE_ROUTE).map((request) => request.headers['x-instance-id'])).toEqual([instance]));
    } finally {
      await running.close();
    }
  }, 60_000);
});
