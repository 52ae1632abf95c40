import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { Client } from 'pg';
import { provisionTopics } from '../../src/kafka/topic-provisioner';
import { PROJECTIONS, Projection } from '../../src/projections/engine/projection';
import { ProjectionsService } from '../../src/projections/engine/projections.service';
import { ReplayService } from '../../src/replay/replay.service';
import { generateAccountStream } from '../../tools/simulator/account-stream';
import { eventually } from '../support/database';
import { FakeWsapi } from '../support/fake-wsapi';
import { dumpReadModels, recreateDatabase } from '../support/read-model-dump';
import { ensureBuilt } from '../support/service-process';
import { produceStream } from '../support/stream-producer';
import { RunningApp, startTestApp } from '../support/test-app';
import { TEST_DATABASE_URL, testConfig, uniquePrefix } from '../support/test-config';
import { testKafka } from '../support/topic-reader';

/** Its own database, named after the suite's (TEST_DATABASE_URL): a full rebuild swaps whole tables. */
const DATABASE_URL = `${TEST_DATABASE_URL}_replay`;
const ADMIN_TOKEN = 'replay-admin-token-for-tests';

/** Rebuilding from the topics gives exactly what incremental processing built, with no side effects. */
describe('replay (real Kafka + Postgres)', () => {
  const prefix = uniquePrefix();
  let wsapi: FakeWsapi;
  let running: RunningApp;
  let tables: string[];
  let instanceId: string;

  const dump = () => dumpReadModels(DATABASE_URL, tables);
  const registered = () => running.app.get<Projection[]>(PROJECTIONS);
  const caughtUp = () =>
    eventually(async () => {
      const partitions = await running.app.get(ProjectionsService).lag();
      expect(partitions.reduce((total, partition) => total + partition.lag, 0)).toBe(0);
    }, 120_000, 300);

  beforeAll(async () => {
    ensureBuilt();
    await recreateDatabase(DATABASE_URL);
    wsapi = await new FakeWsapi().start();
    const kafka = testKafka();
    await provisionTopics(kafka, { prefix, partitions: 3, replicationFactor: 1 });
    const events = generateAccountStream(11);
    instanceId = events[0].instanceId;
    await produceStream(kafka, prefix, events);
    running = await startTestApp(testConfig({ KAFKA_TOPIC_PREFIX: prefix, DATABASE_URL, WSAPI_BASE_URL: wsapi.baseUrl, ADMIN_TOKEN }));
    tables = running.app.get<Projection[]>(PROJECTIONS).flatMap((projection) => [...projection.tables]);
    await caughtUp();
  });
  afterAll(async () => {
    await running?.close();
    await wsapi?.stop();
  });

  it('rebuilds every projection into identical tables, calling WSAPI zero times', async () => {
    const before = await dump();
    expect(before.contacts.length).toBeGreaterThan(0);
    const callsBefore = wsapi.requests.length;

    const progress: number[] = [];
    const summaries = await running.app.get(ReplayService).rebuild('all', { onProgress: (p) => progress.push(p.done) });

    expect(wsapi.requests.length).toBe(callsBefore);
    expect(summaries.every((summary) => summary.swapped)).toBe(true);
    expect(summaries.find((summary) => summary.projection === 'contacts')!.rowsWritten.contacts).toBe(before.contacts.length);
    expect(summaries.map(({ projection, version }) => [projection, version])).toEqual(registered().map(({ name, version }) => [name, version]));
    expect(progress.length).toBeGreaterThan(0);
    await caughtUp();
    expect(await dump()).toEqual(before);
  });

  it('lists every projection with the version a rebuild reports, and what it reads (GET /projections)', async () => {
    const response = await fetch(`${running.baseUrl}/projections`);
    expect(response.status).toBe(200);
    const listed = (await response.json()) as { name: string; version: number; handles: unknown; tables: string[] }[];
    expect(listed.map(({ name, version }) => [name, version])).toEqual(registered().map(({ name, version }) => [name, version]));
    expect(listed.find(({ name }) => name === 'contacts')).toMatchObject({ handles: expect.arrayContaining(['contact']), tables: ['contacts'] });
    expect(listed.find(({ name }) => name === 'sync-state')!.handles).toBe('every event type');
  });

  it('rebuilds one instance only, and a dry run reports no differences', async () => {
    const before = await dump();
    const [dry] = await running.app.get(ReplayService).rebuild('contacts', { dryRun: true });
    expect(dry.swapped).toBe(false);
    expect(dry.differences.contacts).toEqual({ onlyInRebuild: 0, onlyInLive: 0 });

    const db = new Client({ connectionString: DATABASE_URL });
    await db.connect();
    await db.query("UPDATE contacts SET full_name = 'corrupted' WHERE instance_id = $1", [instanceId]);
    await db.end();
    const [summary] = await running.app.get(ReplayService).rebuild('contacts', { instanceId });
    expect(summary.swapped).toBe(true);
    expect(await dump()).toEqual(before);
  });

  it('leaves the live tables untouched when a rebuild is killed midway, and a second rebuild succeeds', async () => {
    const before = await dump();
    const cli = spawn(process.execPath, [join(__dirname, '../../dist/src/replay/replay.cli.js'), 'all'], {
      env: { ...process.env, KAFKA_TOPIC_PREFIX: prefix, DATABASE_URL, WSAPI_BASE_URL: wsapi.baseUrl, PROJECTION_FETCH_MAX_BYTES: '4096' },
      stdio: 'ignore',
    });
    const db = new Client({ connectionString: DATABASE_URL });
    await db.connect();
    try {
      // Kill it as soon as a shadow schema holds some progress: mid-rebuild.
      await eventually(async () => {
        const { rows } = await db.query("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'rebuild_%'");
        expect(rows.length).toBeGreaterThan(0);
        const { rows: progress } = await db.query(`SELECT count(*)::int AS n FROM "${rows[0].nspname}".projection_checkpoints`);
        expect(progress[0].n).toBeGreaterThan(0);
      }, 60_000, 20);
      const exited = new Promise((resolve) => cli.once('exit', resolve));
      cli.kill('SIGKILL');
      await exited;
    } finally {
      await db.end();
    }
    expect(await dump()).toEqual(before);

    const summaries = await running.app.get(ReplayService).rebuild('all');
    expect(summaries.every((summary) => summary.swapped)).toBe(true);
    await caughtUp();
    expect(await dump()).toEqual(before);
  });

  it('runs over the admin HTTP endpoint with the token, with a status endpoint to follow it', async () => {
    const before = await dump();
    const post = (body: unknown, token?: string) =>
      fetch(`${running.baseUrl}/admin/replay`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      });
    const refusal = async (response: Response) => ({ status: response.status, body: await response.json() });
    expect(await refusal(await post({ projection: 'contacts' }))).toMatchObject({ status: 401, body: { statusCode: 401, error: 'ADMIN_UNAUTHORIZED' } });
    expect((await post({ projection: 'contacts' }, 'wrong-token-of-the-right-size')).status).toBe(401);
    expect(await refusal(await post({ projection: 'no-such-projection' }, ADMIN_TOKEN))).toMatchObject({
      status: 400,
      body: { statusCode: 400, error: 'UNKNOWN_PROJECTION', message: expect.stringMatching(/unknown projection "no-such-projection"/) },
    });
    expect(await refusal(await post({ projection: 7, dryRun: 'yes' }, ADMIN_TOKEN))).toMatchObject({
      status: 400,
      body: { statusCode: 400, error: 'REQUEST_INVALID', message: expect.stringMatching(/projection must be a string[\s\S]*dryRun must be a boolean/) },
    });
    const unknownJob = await fetch(`${running.baseUrl}/admin/replay/no-such-job`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(await refusal(unknownJob)).toMatchObject({ status: 404, body: { statusCode: 404, error: 'REPLAY_NOT_FOUND' } });

    const started = await post({ projection: 'all' }, ADMIN_TOKEN);
    expect(started.status).toBe(202);
    const { id } = (await started.json()) as { id: string };
    const job = await eventually(async () => {
      const response = await fetch(`${running.baseUrl}/admin/replay/${id}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      const current = (await response.json()) as { status: string; summaries?: { swapped: boolean }[]; progress?: { total: number } };
      expect(current.status).not.toBe('running');
      return current;
    }, 120_000, 300);
    expect(job.status).toBe('succeeded');
    expect(job.summaries!.every((summary) => summary.swapped)).toBe(true);
    await caughtUp();
    expect(await dump()).toEqual(before);
  });
});
