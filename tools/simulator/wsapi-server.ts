import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { selfDeviceJid, SimulatedAccount } from './account';
import { chatsSnapshot, contactsSnapshot, groupsSnapshot } from './rest-snapshots';

/** What happened to one POST /session/flush-history. */
export type FlushOutcome = 'delivering' | 'already-flushed' | 'history-sync-off' | 'not-paired' | 'scripted-failure';

export interface FlushCall {
  instanceId: string;
  at: number;
  status: number;
  outcome: FlushOutcome;
}

export interface RestRequest {
  method: string;
  path: string;
  instanceId?: string;
  status: number;
  at: number;
}

/** One POST /chats/{chatId}/messages (a backfill page request) and what became of it. */
export interface PageRequest {
  instanceId: string;
  chatId: string;
  lastMessageId?: string;
  count?: number;
  status: number;
  /** How many messages the page delivered; undefined when none is sent (refused, or lost on purpose). */
  delivered?: number;
  at: number;
}

export interface WsapiServerOptions {
  /** The key the service sends as X-Api-Key (instance calls). */
  apiKey: string;
  /** The account-level key for /account/*; defaults to apiKey. */
  accountApiKey?: string;
  /** Whether the instance's device is paired yet (logged_in was sent). */
  isPaired: (instanceId: string) => boolean;
  /** Called after a flush was answered 202 with history to deliver. */
  onFlush: (account: SimulatedAccount) => void;
  /** The page of older messages for a backfill request (undefined: unknown chat or anchor → 404)… */
  olderPage?: (account: SimulatedAccount, chatId: string, lastMessageId: string, count: number) => Record<string, unknown>[] | undefined;
  /** …and its delivery as a `message_history_sync` webhook, after the 202. */
  onOlderPage?: (account: SimulatedAccount, chatId: string, messages: Record<string, unknown>[]) => void;
}

type Answer = { status: number; body?: unknown };

/**
 * WSAPI's REST API for the simulated accounts, on a real loopback HTTP server (node:http):
 * GET /contacts, /chats, /groups (and single items), GET /session/status,
 * POST /session/flush-history and GET /account/instances/{id}. Auth and errors as documented in
 * shared/wsapi/README.md §4: X-Api-Key, X-Instance-Id, `{status, detail}` bodies.
 */
export class SimulatedWsapiServer {
  readonly requests: RestRequest[] = [];
  readonly flushCalls: FlushCall[] = [];
  readonly pageRequests: PageRequest[] = [];
  private readonly pagesToLose = new Map<string, number>();
  private readonly accounts = new Map<string, SimulatedAccount>();
  private readonly snapshots = new Map<string, Record<string, Record<string, unknown>[]>>();
  private readonly flushed = new Set<string>();
  private readonly scriptedFailures = new Map<string, number[]>();
  private server: Server | undefined;
  baseUrl = '';

  constructor(private readonly options: WsapiServerOptions) {}

  add(account: SimulatedAccount): void {
    this.accounts.set(account.instanceId, account);
  }

  /** Answers the next calls of `route` ("POST /session/flush-history") with these statuses first. */
  failNext(route: string, ...statuses: number[]): void {
    this.scriptedFailures.set(route, [...(this.scriptedFailures.get(route) ?? []), ...statuses]);
  }

  /** The next `times` page requests of the chat are answered 202 but their page is never sent. */
  loseNextPage(chatId: string, times = 1): void {
    this.pagesToLose.set(chatId, (this.pagesToLose.get(chatId) ?? 0) + times);
  }

  async listen(port = 0): Promise<string> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.baseUrl;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const path = decodeURIComponent((request.url ?? '/').split('?')[0]);
    const method = request.method ?? 'GET';
    const instanceId = header(request, 'x-instance-id');
    let answer: Answer;
    try {
      answer = this.route(method, path, instanceId, header(request, 'x-api-key'), Buffer.concat(chunks).toString('utf8'));
    } catch (error) {
      answer = problem(500, (error as Error).message);
    }
    this.requests.push({ method, path, instanceId, status: answer.status, at: Date.now() });
    response.writeHead(answer.status, { 'content-type': 'application/json' });
    response.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
  }

  private route(method: string, path: string, instanceId: string | undefined, apiKey: string | undefined, body: string): Answer {
    const scripted = this.scriptedFailures.get(`${method} ${path}`)?.shift();
    const olderPage = method === 'POST' ? path.match(/^\/chats\/([^/]+)\/messages$/) : null;
    if (scripted !== undefined) {
      if (path === '/session/flush-history' && instanceId) this.flushCalls.push({ instanceId, at: Date.now(), status: scripted, outcome: 'scripted-failure' });
      if (olderPage && instanceId) this.pageRequests.push({ instanceId, chatId: olderPage[1], status: scripted, at: Date.now() });
      return problem(scripted, 'scripted failure');
    }
    const account = path.match(/^\/account\/instances\/([^/]+)$/);
    if (method === 'GET' && account) {
      if (apiKey !== (this.options.accountApiKey ?? this.options.apiKey)) return problem(401, 'invalid account api key');
      return this.instanceDetail(account[1]);
    }
    if (apiKey !== this.options.apiKey) return problem(401, 'invalid api key');
    const target = instanceId ? this.accounts.get(instanceId) : undefined;
    if (!target) return problem(404, instanceId ? `instance ${instanceId} not found` : 'X-Instance-Id is required');
    if (method === 'POST' && path === '/session/flush-history') return this.flush(target);
    if (olderPage) return this.older(target, olderPage[1], body);
    if (method !== 'GET') return problem(404, `no route ${method} ${path}`);
    if (path === '/session/status') {
      const paired = this.options.isPaired(target.instanceId);
      return { status: 200, body: { isConnected: paired, isLoggedIn: paired, deviceId: paired ? selfDeviceJid(target) : '' } };
    }
    const listing = path.match(/^\/(contacts|chats|groups)(?:\/(.+))?$/);
    if (!listing) return problem(404, `no route ${method} ${path}`);
    const items = this.snapshot(target)[listing[1]];
    if (listing[2] === undefined) return { status: 200, body: items };
    const item = items.find((candidate) => (candidate.id ?? candidate.groupId) === listing[2]);
    return item ? { status: 200, body: item } : problem(404, `${listing[1]} ${listing[2]} not found`);
  }

  /**
   * 202 at once; the history follows asynchronously. As in WSAPI's open-source server, the cache
   * is gone after one flush: a second call (or one with HistorySync off) answers 202 and sends nothing.
   */
  private flush(account: SimulatedAccount): Answer {
    const record = (status: number, outcome: FlushOutcome) => this.flushCalls.push({ instanceId: account.instanceId, at: Date.now(), status, outcome });
    if (!this.options.isPaired(account.instanceId)) {
      record(409, 'not-paired');
      return problem(409, 'device not paired');
    }
    const outcome: FlushOutcome = !account.historySync ? 'history-sync-off' : this.flushed.has(account.instanceId) ? 'already-flushed' : 'delivering';
    record(202, outcome);
    if (outcome === 'delivering') {
      this.flushed.add(account.instanceId);
      setImmediate(() => this.options.onFlush(account));
    }
    return { status: 202, body: { status: 'ok' } };
  }

  /**
   * POST /chats/{chatId}/messages `{lastMessageId, lastMessageSenderId, count}` (both ids required,
   * count 1–500, default 50): 202, then the messages older than the anchor as one
   * `message_history_sync` — with `messages: []` when nothing older is left.
   */
  private older(account: SimulatedAccount, chatId: string, body: string): Answer {
    const record = (status: number, fields: Partial<PageRequest> = {}) => this.pageRequests.push({ instanceId: account.instanceId, chatId, status, at: Date.now(), ...fields });
    let request: { lastMessageId?: unknown; lastMessageSenderId?: unknown; count?: unknown };
    try {
      request = JSON.parse(body || '{}');
    } catch {
      record(400);
      return problem(400, 'body is not JSON');
    }
    const count = request.count ?? 50;
    if (typeof request.lastMessageId !== 'string' || typeof request.lastMessageSenderId !== 'string' || !Number.isInteger(count) || (count as number) < 1 || (count as number) > 500) {
      record(400);
      return problem(400, 'lastMessageId and lastMessageSenderId are required, count must be 1–500');
    }
    const fields = { lastMessageId: request.lastMessageId, count: count as number };
    if (!this.options.isPaired(account.instanceId)) {
      record(409, fields);
      return problem(409, 'device not paired');
    }
    const messages = this.options.olderPage?.(account, chatId, request.lastMessageId, count as number);
    if (!messages) {
      record(404, fields);
      return problem(404, `message ${request.lastMessageId} not found in chat ${chatId}`);
    }
    const toLose = this.pagesToLose.get(chatId) ?? 0;
    if (toLose > 0) {
      this.pagesToLose.set(chatId, toLose - 1);
      record(202, fields);
    } else {
      record(202, { ...fields, delivered: messages.length });
      setImmediate(() => this.options.onOlderPage?.(account, chatId, messages));
    }
    return { status: 202, body: { status: 'ok' } };
  }

  private instanceDetail(instanceId: string): Answer {
    const account = this.accounts.get(instanceId);
    if (!account) return problem(404, `instance ${instanceId} not found`);
    const paired = this.options.isPaired(instanceId);
    return {
      status: 200,
      body: {
        name: `simulated ${instanceId}`,
        hasApiKey: true,
        status: paired ? 'connected' : 'pairing',
        deviceId: paired ? selfDeviceJid(account) : '',
        created: new Date(account.startAt - 86_400_000).toISOString(),
        settings: { useCustomDefaults: true, pullMode: false, webhookUrl: '', historySync: account.historySync, eventFilters: [] },
      },
    };
  }

  /** Computed once per account: the state after the initial sync does not change afterwards. */
  private snapshot(account: SimulatedAccount): Record<string, Record<string, unknown>[]> {
    let snapshot = this.snapshots.get(account.instanceId);
    if (!snapshot) {
      snapshot = { contacts: contactsSnapshot(account), chats: chatsSnapshot(account), groups: groupsSnapshot(account) };
      this.snapshots.set(account.instanceId, snapshot);
    }
    return snapshot;
  }
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function problem(status: number, detail: string): Answer {
  return { status, body: { status, detail } };
}
