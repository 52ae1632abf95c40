import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { envelope } from '../support/events';
import { FakeWsapi, RecordedRequest } from '../support/fake-wsapi';
import { testDatabase } from '../support/database';
import { EXAMPLES_DIR, postWebhook } from '../support/http';
import { RunningApp, startTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';

export const ADMIN_TOKEN = 'admin-token-for-sync-state-tests';
export const API_KEY = 'instance-api-key';
export const FLUSH_ROUTE = 'POST /session/flush-history';

export const example = (name: string) => JSON.parse(readFileSync(join(EXAMPLES_DIR, `${name}.json`), 'utf8'));

/** A FakeWsapi that answers the snapshot endpoints with WSAPI's examples and flushes with 202. */
export function fakeWsapiForSync(): FakeWsapi {
  return new FakeWsapi()
    .script('GET /contacts', { status: 200, body: example('rest-contacts') })
    .script('GET /chats', { status: 200, body: example('rest-chats') })
    .script('GET /groups', { status: 200, body: example('rest-groups') })
    .script(FLUSH_ROUTE, { status: 202, body: example('flush-history-202') });
}

export function requestsFor(wsapi: FakeWsapi, route: string, instanceId: string): RecordedRequest[] {
  return wsapi.requestsTo(route).filter((request) => request.headers['x-instance-id'] === instanceId);
}

/** Posts one session/history event for the instance, timed now (so it falls inside WSAPI's cache window). */
export async function postEvent(baseUrl: string, instanceId: string, eventType: string, eventData: Record<string, unknown> = {}, eventId?: string): Promise<void> {
  const response = await postWebhook(baseUrl, envelope(instanceId, eventType, eventData, new Date().toISOString(), eventId));
  if (response.status !== 200) throw new Error(`webhook answered ${response.status}: ${JSON.stringify(response.body)}`);
}

export async function instanceRow(db: Client, instanceId: string): Promise<Record<string, any> | undefined> {
  const { rows } = await db.query('SELECT * FROM instances WHERE instance_id = $1', [instanceId]);
  return rows[0];
}

export async function outboxJobs(db: Client, instanceId: string, kind?: string): Promise<Record<string, any>[]> {
  const { rows } = await db.query('SELECT * FROM sync_outbox WHERE instance_id = $1 AND ($2::text IS NULL OR kind = $2) ORDER BY id', [instanceId, kind ?? null]);
  return rows;
}

/** The admin API as an operator calls it; token null = no Authorization header. */
export function admin(baseUrl: string, token: string | null = ADMIN_TOKEN) {
  const call = async (method: string, path: string, body?: unknown) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token !== null) headers.authorization = `Bearer ${token}`;
    const response = await fetch(`${baseUrl}/admin/instances${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  return {
    putSettings: (instanceId: string, settings: unknown) => call('PUT', `/${instanceId}/settings`, settings),
    get: (instanceId: string) => call('GET', `/${instanceId}`),
    snapshot: (instanceId: string) => call('POST', `/${instanceId}/snapshot`),
    flushHistory: (instanceId: string) => call('POST', `/${instanceId}/flush-history`),
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A FakeWsapi, the service pointed at it, and a database client: what every sync-state spec runs against. */
export interface SyncRig {
  wsapi: FakeWsapi;
  running: RunningApp;
  db: Client;
}

/** The fake is prepared (`prepare`) before the service starts, which may call it at once (discovery). */
export async function startSyncRig(overrides: Record<string, string>, prepare: (wsapi: FakeWsapi) => void = () => undefined): Promise<SyncRig> {
  const wsapi = fakeWsapiForSync();
  prepare(wsapi);
  await wsapi.start();
  const running = await startTestApp(
    testConfig({ WSAPI_BASE_URL: wsapi.baseUrl, WSAPI_API_KEY: API_KEY, OUTBOX_POLL_MS: '50', OUTBOX_RETRY_BASE_MS: '200', OUTBOX_RETRY_MAX_MS: '1000', ...overrides }),
  );
  return { wsapi, running, db: await testDatabase() };
}

export async function stopSyncRig(rig: SyncRig | undefined): Promise<void> {
  await rig?.running.close();
  await rig?.wsapi.stop();
  await rig?.db.end();
}
