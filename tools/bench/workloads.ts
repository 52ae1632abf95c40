import { AccountProfile, generateAccount, SimulatedAccount } from '../simulator/account';
import { SimulatedEvent } from '../simulator/account-stream';
import { liveMessages } from '../simulator/chat-messages';
import { historyChunks } from '../simulator/history-chunks';
import { eventId } from '../simulator/identifiers';
import { liveTimeline } from '../simulator/live-timeline';
import { chatsSnapshot, contactsSnapshot, groupsSnapshot } from '../simulator/rest-snapshots';
import { derivedSeed, randomFor } from '../simulator/seeded-random';
import { PreparedRequest, signedWebhookHeaders } from './load';

/** The benchmark's data all comes from the simulator, seeded, so two runs measure the same bytes. */
export const BENCH_SEED = 424242;

const accounts = (count: number, profile: AccountProfile, salt: string) =>
  Array.from({ length: count }, (_, i) => generateAccount({ seed: derivedSeed(BENCH_SEED, salt, i), profile, historySync: true, startAt: Date.now() }));

/**
 * `total` history messages over several instances (so they spread over the topic's partitions, as
 * many accounts would), each chat's history in one chunk of at most 500 messages.
 */
export function historyAccounts(total: number, instances: number): SimulatedAccount[] {
  const perInstance = Math.ceil(total / instances);
  const chats = Math.max(1, Math.ceil(perInstance / 500));
  const groups = Math.floor(chats * 0.2);
  const profile: AccountProfile = {
    contacts: Math.max(chats, 60),
    directChats: chats - groups,
    groups,
    participantsPerGroup: 12,
    historyMessagesPerChat: Math.ceil(perInstance / chats), // at least `total` in all
    liveMessagesPerChat: 0,
    lidOnlyShare: 0.2,
    chatSizeSkew: 0,
  };
  return accounts(instances, profile, 'history');
}

export function* historyEvents(history: SimulatedAccount[]): Generator<SimulatedEvent> {
  const receivedAt = () => new Date().toISOString();
  for (const account of history) yield* historyChunks(account, { receivedAt });
}

/** A realistic live mix for many instances: each one's initial-sync webhooks, then its three REST snapshots. */
export function mixedEvents(instances: number): SimulatedEvent[] {
  const profile: AccountProfile = { contacts: 80, directChats: 25, groups: 8, participantsPerGroup: 15, historyMessagesPerChat: 0, liveMessagesPerChat: 25, lidOnlyShare: 0.2, chatSizeSkew: 1 };
  return accounts(instances, profile, 'mixed').flatMap((account) => {
    const fetchedAt = new Date().toISOString();
    const snapshot = (eventType: string, items: unknown[]): SimulatedEvent => ({ eventId: `snap_${eventType}_${account.instanceId}`, instanceId: account.instanceId, receivedAt: fetchedAt, eventType, eventData: { items } });
    return [
      ...liveTimeline(account, { spacingMs: 2 }),
      snapshot('contacts_snapshot', contactsSnapshot(account)),
      snapshot('chats_snapshot', chatsSnapshot(account)),
      snapshot('groups_snapshot', groupsSnapshot(account)),
    ];
  });
}

/**
 * `count` distinct live `message` webhooks (each a new message, so each inserts a row), spread
 * over `instances` instances, signed with `secret` before any clock starts.
 */
export function messageRequests(count: number, instances: number, secret: string, salt = 'messages'): PreparedRequest[] {
  const profile: AccountProfile = { contacts: 40, directChats: 30, groups: 6, participantsPerGroup: 10, historyMessagesPerChat: 0, liveMessagesPerChat: Math.ceil((count * 1.15) / instances / 36), lidOnlyShare: 0.2, chatSizeSkew: 0.5 };
  const requests: PreparedRequest[] = [];
  for (const account of accounts(instances, profile, salt)) {
    const ids = randomFor(account.seed, 'bench-event-ids');
    for (const chat of account.chats) {
      for (const { message } of liveMessages(account, chat)) {
        const now = new Date().toISOString();
        const body = Buffer.from(JSON.stringify({ eventId: eventId(ids), instanceId: account.instanceId, receivedAt: now, eventType: 'message', eventData: { ...message, time: now } }));
        requests.push({
          body,
          headers: signedWebhookHeaders(body, secret, { 'x-instance-id': account.instanceId }),
          key: `${message.chatId} ${message.id}`,
        });
      }
    }
  }
  // Interleave the instances, as concurrent accounts would send them.
  return randomFor(BENCH_SEED, salt, 'order').shuffled(requests).slice(0, count);
}
