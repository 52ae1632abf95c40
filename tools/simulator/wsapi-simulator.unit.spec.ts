import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { isValidSignature } from '../../src/wsapi/signature';
import { AccountProfile } from './account';
import { eventDelivery } from './faults';
import { historySize } from './history-chunks';
import { WebhookSender } from './webhook-sender';
import { WsapiSimulator } from './wsapi-simulator';

const SECRET = 'simulator-unit-secret';
const API_KEY = 'simulator-unit-key';
const TINY: AccountProfile = { contacts: 12, directChats: 3, groups: 2, participantsPerGroup: 5, historyMessagesPerChat: 300, liveMessagesPerChat: 3, lidOnlyShare: 0.2, chatSizeSkew: 1 };

interface Received {
  body: Buffer;
  signature?: string;
  validSignature: boolean;
}

/** A stand-in ingress: checks signatures like the service does, answers 200 or 401 (or what `answer` says). */
async function captureIngress(answer: (index: number) => number = () => 200): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const signature = request.headers['x-webhook-signature'] as string | undefined;
    const validSignature = isValidSignature(body, signature, SECRET);
    received.push({ body, signature, validSignature });
    const status = validSignature ? answer(received.length - 1) : 401;
    response.writeHead(status, status === 503 ? { 'retry-after': '0.01' } : {}).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, server };
}

const close = (server: Server) => new Promise((resolve) => server.close(resolve));

describe('WebhookSender', () => {
  it('signs the exact body bytes with HMAC-SHA256 (sha256=<hex>), and can send a wrong or no signature', async () => {
    const ingress = await captureIngress();
    const sender = new WebhookSender({ ingressUrl: ingress.url, secretFor: () => SECRET });
    const event = { eventId: 'evt_1', instanceId: 'ins_a', receivedAt: '2026-03-01T10:00:00.000Z', eventType: 'message', eventData: { text: 'héllo ✓' } };
    try {
      const valid = await sender.send(eventDelivery(event));
      const wrong = await sender.send({ ...eventDelivery(event), signature: 'wrong', expectedStatus: 401 });
      const none = await sender.send({ ...eventDelivery(event), signature: 'none', expectedStatus: 401 });
      expect([valid.status, wrong.status, none.status]).toEqual([200, 401, 401]);
      expect(ingress.received[0].body.equals(Buffer.from(JSON.stringify(event)))).toBe(true);
      expect(ingress.received[0].signature).toMatch(/^sha256=[0-9a-f]{64}$/);
      expect(ingress.received.map((request) => request.validSignature)).toEqual([true, false, false]);
      expect(ingress.received[2].signature).toBeUndefined();
      expect(sender.stats.unexpected).toEqual([]);
    } finally {
      sender.close();
      await close(ingress.server);
    }
  });

  it('retries a 503 (Kafka unavailable) until the event is accepted', async () => {
    const ingress = await captureIngress((index) => (index < 2 ? 503 : 200));
    const sender = new WebhookSender({ ingressUrl: ingress.url, secretFor: () => SECRET });
    try {
      const result = await sender.send(eventDelivery({ eventId: 'e', instanceId: 'ins_a', receivedAt: '2026-03-01T10:00:00.000Z', eventType: 'logged_out', eventData: { reason: 'x' } }));
      expect(result).toMatchObject({ status: 200, attempts: 3 });
    } finally {
      sender.close();
      await close(ingress.server);
    }
  });
});

describe('WsapiSimulator (REST on loopback, webhooks to an ingress)', () => {
  let ingress: Awaited<ReturnType<typeof captureIngress>>;
  let simulator: WsapiSimulator;
  let on: string;
  let off: string;
  const rest = (path: string, init: { method?: string; instanceId?: string; apiKey?: string } = {}) =>
    fetch(`${simulator.baseUrl}${path}`, {
      method: init.method ?? 'GET',
      headers: { 'x-api-key': init.apiKey ?? API_KEY, ...(init.instanceId ? { 'x-instance-id': init.instanceId } : {}) },
    }).then(async (response) => ({ status: response.status, body: (await response.json().catch(() => undefined)) as any }));

  beforeAll(async () => {
    ingress = await captureIngress();
    simulator = new WsapiSimulator({
      seed: 42,
      apiKey: API_KEY,
      signingSecret: SECRET,
      instances: [{ profile: TINY, historySync: true }, { profile: TINY, historySync: false }],
      historyDelayMs: 0,
    });
    await simulator.start();
    [on, off] = simulator.accounts.map((account) => account.instanceId);
  });
  afterAll(async () => {
    await simulator.stop();
    await close(ingress.server);
  });

  it('refuses flush-history before the device is paired, then posts every live webhook signed, in order', async () => {
    expect(await rest('/session/flush-history', { method: 'POST', instanceId: on })).toEqual({ status: 409, body: { status: 409, detail: 'device not paired' } });
    await simulator.runLiveSessions(ingress.url);
    expect(ingress.received.every((request) => request.validSignature)).toBe(true);
    const types = ingress.received.map((request) => JSON.parse(request.body.toString()) as { instanceId: string; eventType: string });
    for (const instanceId of [on, off]) {
      const own = types.filter((event) => event.instanceId === instanceId).map((event) => event.eventType);
      expect(own[0]).toBe('logged_in');
      expect(own[own.length - 1]).toBe('initial_sync_finished');
    }
    expect(simulator.stats.count((label) => label === 'message')).toBeGreaterThan(0);
  });

  it('serves the snapshots with the API key and instance header, with WSAPI-style errors otherwise', async () => {
    const contacts = await rest('/contacts', { instanceId: on });
    expect(contacts.status).toBe(200);
    expect(contacts.body[0]).toMatchObject({ id: expect.stringMatching(/@s\.whatsapp\.net$/), lid: expect.stringMatching(/@lid$/), inPhoneAddressBook: expect.any(Boolean) });
    const groups = (await rest('/groups', { instanceId: on })).body;
    expect(groups).toHaveLength(2);
    expect(groups[0].participants.length).toBeGreaterThanOrEqual(2);
    const chats = (await rest('/chats', { instanceId: on })).body;
    expect(chats).toHaveLength(5);
    expect((await rest(`/groups/${encodeURIComponent(groups[0].groupId)}`, { instanceId: on })).body).toEqual(groups[0]);
    expect(await rest('/contacts', { instanceId: on, apiKey: 'wrong' })).toEqual({ status: 401, body: { status: 401, detail: 'invalid api key' } });
    expect((await rest('/contacts', { instanceId: 'ins_nobody' })).status).toBe(404);
    expect((await rest(`/account/instances/${off}`)).body.settings).toMatchObject({ historySync: false });
  });

  it('answers flush-history 202 and then delivers the history once, as signed chunks of ≤ 500 messages', async () => {
    expect(await rest('/session/flush-history', { method: 'POST', instanceId: on })).toEqual({ status: 202, body: { status: 'ok' } });
    const delivered = await simulator.history(on)!;
    const chunks = ingress.received.map((request) => JSON.parse(request.body.toString())).filter((event) => event.eventType === 'message_history_sync');
    expect(chunks.length).toBe(delivered.chunks);
    expect(chunks.every((chunk) => chunk.eventData.messages.length <= 500)).toBe(true);
    expect(delivered.messages).toBe(historySize(simulator.account(on)).messages); // the history plus the repeated live messages
    expect(delivered.messages).toBeGreaterThan(simulator.expected(on).historyMessages);
    expect(simulator.expected(on).messages).toBe(simulator.expected(on).liveMessages + simulator.expected(on).historyMessages);

    // WSAPI's cache is gone after one flush; with HistorySync off nothing is sent either.
    expect((await rest('/session/flush-history', { method: 'POST', instanceId: on })).status).toBe(202);
    expect((await rest('/session/flush-history', { method: 'POST', instanceId: off })).status).toBe(202);
    expect(simulator.flushCalls(on).map((call) => call.outcome)).toEqual(['not-paired', 'delivering', 'already-flushed']);
    expect(simulator.flushCalls(off).map((call) => call.outcome)).toEqual(['history-sync-off']);
    expect(simulator.history(off)).toBeUndefined();
    expect(simulator.expected(off).historyMessages).toBe(0);
  });
});
