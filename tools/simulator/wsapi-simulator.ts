import { AccountProfile, Chat, DEMO_PROFILE, generateAccount, SimulatedAccount } from './account';
import { eventId } from './identifiers';
import { OlderHistory } from './older-history';
import { expectedCounts, ExpectedCounts } from './expected-read-models';
import { eventDelivery, FaultOptions, NO_FAULTS, planDeliveries } from './faults';
import { historyChunks } from './history-chunks';
import { liveTimeline, TimelineOptions } from './live-timeline';
import { derivedSeed, randomFor, SimulationRandom } from './seeded-random';
import { DeliveryStats, WebhookSender } from './webhook-sender';
import { FlushCall, SimulatedWsapiServer } from './wsapi-server';

export interface SimulatedInstance {
  profile?: AccountProfile;
  historySync: boolean;
  /** Default: derived from the simulator's seed and the instance's position. */
  instanceId?: string;
}

export interface SimulatorOptions {
  /** Everything generated follows from it: the same seed gives the same accounts and events. */
  seed: number;
  instances: SimulatedInstance[];
  /** The key the service must send (its WSAPI_API_KEY). */
  apiKey: string;
  /** The secret webhooks are signed with (the service's WSAPI_SIGNING_SECRET, or per instance). */
  signingSecret: string | ((instanceId: string) => string);
  faults?: FaultOptions;
  timeline?: TimelineOptions;
  /** Webhooks in flight per instance; 1 (the default) keeps WSAPI's order exactly. */
  inFlightPerInstance?: number;
  /** WSAPI takes a moment between answering the flush and sending the first chunk. */
  historyDelayMs?: number;
  /** When the live phase starts; default now (receivedAt times then fall in WSAPI's cache window). */
  startAt?: number;
  /** Messages per chat older than the flushed history, that only POST /chats/{chatId}/messages pages through (default none). */
  olderMessages?: (chat: Chat) => number;
}

/** How one instance's history delivery went. */
export interface HistoryDelivery {
  chunks: number;
  messages: number;
  startedAt: number;
  finishedAt: number;
}

/**
 * A stand-in for WSAPI that a test, a benchmark or the demo can point the service at:
 *  - `start()` serves WSAPI's REST API (snapshots, flush-history, account settings) on loopback —
 *    the service's WSAPI_BASE_URL;
 *  - `runLiveSessions(ingressUrl)` posts each instance's signed webhooks in WSAPI's order
 *    (logged_in, live events, initial_sync_finished), with the configured faults;
 *  - a POST /session/flush-history answered 202 is followed by the instance's history as signed
 *    `message_history_sync` webhooks (≤ 500 messages each, several per large chat).
 */
export class WsapiSimulator {
  readonly accounts: SimulatedAccount[];
  readonly server: SimulatedWsapiServer;
  private readonly paired = new Set<string>();
  private readonly histories = new Map<string, Promise<HistoryDelivery>>();
  private readonly olderHistories = new Map<string, OlderHistory>();
  private readonly pageDeliveries = new Set<Promise<unknown>>();
  private readonly pageIds: SimulationRandom;
  private sender: WebhookSender | undefined;

  constructor(private readonly options: SimulatorOptions) {
    const startAt = options.startAt ?? Date.now();
    this.accounts = options.instances.map((instance, index) =>
      generateAccount({ seed: derivedSeed(options.seed, 'instance', index), profile: instance.profile ?? DEMO_PROFILE, instanceId: instance.instanceId, historySync: instance.historySync, startAt }),
    );
    this.server = new SimulatedWsapiServer({
      apiKey: options.apiKey,
      isPaired: (instanceId) => this.paired.has(instanceId),
      onFlush: (account) => {
        const delivery = this.deliverHistory(account);
        delivery.catch(() => undefined); // reported to whoever awaits history(); never an unhandled rejection
        this.histories.set(account.instanceId, delivery);
      },
      olderPage: (account, chatId, lastMessageId, count) => this.olderHistory(account.instanceId).page(chatId, lastMessageId, count),
      onOlderPage: (account, chatId, messages) => this.deliverOlderPage(account, chatId, messages),
    });
    this.pageIds = randomFor(options.seed, 'older-page-event-ids');
    this.accounts.forEach((account) => this.server.add(account));
  }

  /** Starts the REST server; returns its base URL (the service's WSAPI_BASE_URL). */
  start(): Promise<string> {
    return this.server.listen();
  }

  get baseUrl(): string {
    return this.server.baseUrl;
  }

  account(instanceId: string): SimulatedAccount {
    const found = this.accounts.find((account) => account.instanceId === instanceId);
    if (!found) throw new Error(`no simulated instance ${instanceId}`);
    return found;
  }

  secretFor(instanceId: string): string {
    return typeof this.options.signingSecret === 'string' ? this.options.signingSecret : this.options.signingSecret(instanceId);
  }

  /** Posts every instance's live session to the service (instances in parallel, each in its order). */
  async runLiveSessions(ingressUrl: string): Promise<void> {
    const sender = this.senderFor(ingressUrl);
    await Promise.all(
      this.accounts.map(async (account) => {
        const events = liveTimeline(account, this.options.timeline);
        const [loggedIn, ...rest] = planDeliveries(events, this.options.faults ?? NO_FAULTS, this.options.seed, { anchorEnds: true });
        await sender.send(loggedIn);
        this.paired.add(account.instanceId); // from now on WSAPI answers flush-history with 202
        await sender.sendAll(rest, this.options.inFlightPerInstance ?? 1);
      }),
    );
  }

  flushCalls(instanceId: string): FlushCall[] {
    return this.server.flushCalls.filter((call) => call.instanceId === instanceId);
  }

  /** Resolves when the instance's history has been delivered; undefined while no flush asked for it. */
  history(instanceId: string): Promise<HistoryDelivery> | undefined {
    return this.histories.get(instanceId);
  }

  get stats(): DeliveryStats {
    if (!this.sender) throw new Error('nothing was sent yet');
    return this.sender.stats;
  }

  /** What the read models must hold for the instance once everything was projected. */
  expected(instanceId: string): ExpectedCounts {
    const account = this.account(instanceId);
    return expectedCounts(account, this.flushCalls(instanceId).some((call) => call.outcome === 'delivering'));
  }

  /** The instance's messages older than its flushed history (what a complete backfill brings). */
  olderHistory(instanceId: string): OlderHistory {
    let older = this.olderHistories.get(instanceId);
    if (!older) {
      older = new OlderHistory(this.account(instanceId), this.options.olderMessages ?? (() => 0));
      this.olderHistories.set(instanceId, older);
    }
    return older;
  }

  async stop(): Promise<void> {
    await Promise.allSettled([...this.histories.values(), ...this.pageDeliveries]);
    this.sender?.close();
    await this.server.close();
  }

  private senderFor(ingressUrl: string): WebhookSender {
    this.sender ??= new WebhookSender({ ingressUrl, secretFor: (instanceId) => this.secretFor(instanceId) });
    return this.sender;
  }

  /** A backfill page, as WSAPI sends it: one signed `message_history_sync` for the chat. */
  private deliverOlderPage(account: SimulatedAccount, chatId: string, messages: Record<string, unknown>[]): void {
    const sender = this.sender;
    if (!sender) return;
    const page = { eventId: eventId(this.pageIds), instanceId: account.instanceId, receivedAt: new Date().toISOString(), eventType: 'message_history_sync', eventData: { chatId, messages } };
    const sent = sender.send(eventDelivery(page)).finally(() => this.pageDeliveries.delete(sent));
    this.pageDeliveries.add(sent);
  }

  /** The flushed history, chunk by chunk, stamped as it is sent; some chunks are redelivered at the end. */
  private async deliverHistory(account: SimulatedAccount): Promise<HistoryDelivery> {
    const sender = this.sender;
    if (!sender) throw new Error('flush-history was called before any webhook was sent');
    await new Promise((resolve) => setTimeout(resolve, this.options.historyDelayMs ?? 500));
    const random = randomFor(this.options.seed, 'history-duplicates', account.instanceId);
    const redeliveries = [];
    const delivery: HistoryDelivery = { chunks: 0, messages: 0, startedAt: Date.now(), finishedAt: 0 };
    for (const chunk of historyChunks(account, { receivedAt: () => new Date().toISOString(), timeline: this.options.timeline })) {
      const posted = eventDelivery(chunk);
      await sender.send(posted);
      delivery.chunks += 1;
      delivery.messages += (chunk.eventData.messages as unknown[]).length;
      if (random.chance(this.options.faults?.duplicateRate ?? 0)) redeliveries.push({ ...posted, label: `duplicate:${chunk.eventType}` });
    }
    for (const again of redeliveries) await sender.send(again);
    delivery.finishedAt = Date.now();
    return delivery;
  }
}
