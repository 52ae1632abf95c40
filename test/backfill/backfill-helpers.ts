import { Client } from 'pg';
import { AccountProfile, Chat } from '../../tools/simulator/account';
import { WsapiSimulator } from '../../tools/simulator/wsapi-simulator';
import { eventually } from '../support/database';

export const API_KEY = 'backfill-int-api-key';
export const SIGNING_SECRET = 'backfill-int-signing-secret';
export const ADMIN_TOKEN = 'backfill-int-admin-token';

/** Four chats of equal size, each with a flushed history to anchor on. */
export const PROFILE: AccountProfile = { contacts: 8, directChats: 3, groups: 1, participantsPerGroup: 4, historyMessagesPerChat: 30, liveMessagesPerChat: 2, lidOnlyShare: 0, chatSizeSkew: 0 };

/**
 * Older messages per chat (page size 200): chat 0 thousands (many pages, then a short one),
 * chat 1 one short page, chat 2 three pages (one of them lost once), chat 3 exactly two pages
 * (then an empty one; its first request answered 429).
 */
export const OLDER = [2350, 30, 450, 400];

export function backfillSimulator(instanceId: string, seed: number): WsapiSimulator {
  return new WsapiSimulator({
    seed,
    apiKey: API_KEY,
    signingSecret: SIGNING_SECRET,
    instances: [{ instanceId, profile: PROFILE, historySync: true }],
    historyDelayMs: 100,
    olderMessages: (chat: Chat) => OLDER[chat.index] ?? 0,
  });
}

export const BACKFILL_ENV = {
  WSAPI_API_KEY: API_KEY,
  WSAPI_SIGNING_SECRET: SIGNING_SECRET,
  ADMIN_TOKEN,
  OUTBOX_POLL_MS: '50',
  BACKFILL_PAGE_SIZE: '200',
  BACKFILL_PAGE_TIMEOUT_MS: '3000',
  BACKFILL_PAGE_RETRIES: '2',
  BACKFILL_POLL_MS: '100',
  BACKFILL_REQUESTS_PER_SECOND_PER_INSTANCE: '20',
  BACKFILL_REQUESTS_PER_SECOND: '50',
};

export async function admin(baseUrl: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** Starts a backfill and returns its id (asserting the 202). */
export async function startBackfill(baseUrl: string, instanceId: string, body: Record<string, unknown> = {}): Promise<string> {
  const started = await admin(baseUrl, 'POST', `/admin/instances/${instanceId}/backfill`, body);
  if (started.status !== 202) throw new Error(`backfill not started: ${started.status} ${JSON.stringify(started.body)}`);
  return started.body.backfillId;
}

export async function finished(baseUrl: string, backfillId: string, timeoutMs = 120_000): Promise<any> {
  return eventually(async () => {
    const { body } = await admin(baseUrl, 'GET', `/admin/backfills/${backfillId}`);
    expect(body.state).toBe('finished');
    return body;
  }, timeoutMs, 250);
}

/** The live session and the flushed history, all projected: the walk has its anchors. */
export async function syncedInitially(simulator: WsapiSimulator, ingressUrl: string, db: Client, instanceId: string): Promise<number> {
  await simulator.runLiveSessions(ingressUrl);
  await eventually(async () => expect(simulator.history(instanceId)).toBeDefined(), 60_000);
  await simulator.history(instanceId);
  const expected = simulator.expected(instanceId).messages;
  await eventually(async () => expect(await messageCount(db, instanceId)).toBe(expected), 90_000, 300);
  return expected;
}

export async function messageCount(db: Client, instanceId: string, ids?: string[]): Promise<number> {
  const { rows } = ids
    ? await db.query('SELECT count(*)::int AS n FROM messages WHERE instance_id = $1 AND id = ANY($2::text[])', [instanceId, ids])
    : await db.query('SELECT count(*)::int AS n FROM messages WHERE instance_id = $1', [instanceId]);
  return rows[0].n;
}

/** Page requests for an anchor whose page had already been delivered before: there must be none. */
export function repeatedAfterDelivery(simulator: WsapiSimulator, instanceId: string): string[] {
  const delivered = new Set<string>();
  const repeated: string[] = [];
  for (const request of simulator.server.pageRequests.filter((r) => r.instanceId === instanceId && r.lastMessageId)) {
    const key = `${request.chatId} ${request.lastMessageId}`;
    if (delivered.has(key)) repeated.push(key);
    if (request.delivered !== undefined) delivered.add(key);
  }
  return repeated;
}
