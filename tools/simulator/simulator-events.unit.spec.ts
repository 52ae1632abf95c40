import { loadAppConfig } from '../../src/config/app-config';
import { SourceEvent } from '../../src/projections/engine/projection';
import { ChatsProjection } from '../../src/projections/chats/chats.projection';
import { ContactsProjection } from '../../src/projections/contacts/contacts.projection';
import { GroupsProjection } from '../../src/projections/groups/groups.projection';
import { MessagesProjection } from '../../src/projections/messages/messages.projection';
import { SyncStateProjection } from '../../src/projections/sync-state/sync-state.projection';
import { categoryOf } from '../../src/wsapi/event-types';
import { AccountProfile, generateAccount } from './account';
import { SimulatedEvent } from './account-stream';
import { expectedCounts } from './expected-read-models';
import { planDeliveries } from './faults';
import { historyChunks, historySize, MAX_MESSAGES_PER_CHUNK } from './history-chunks';
import { liveTimeline } from './live-timeline';
import { chatsSnapshot, contactsSnapshot, groupsSnapshot } from './rest-snapshots';

const PROFILE: AccountProfile = {
  contacts: 30,
  directChats: 8,
  groups: 4,
  participantsPerGroup: 8,
  historyMessagesPerChat: 160,
  liveMessagesPerChat: 5,
  lidOnlyShare: 0.3,
  chatSizeSkew: 1,
};
const FAULTS = { duplicateRate: 0.1, reorderRate: 0.2, reorderWindow: 10, badPayloadRate: 0.05 };

/** Everything one seed produces, as the bytes that would be sent. */
function everything(seed: number): string[] {
  const account = generateAccount({ seed, profile: PROFILE });
  const live = liveTimeline(account);
  return [
    ...planDeliveries(live, FAULTS, seed, { anchorEnds: true }).map((delivery) => `${delivery.signature} ${delivery.body.toString('utf8')}`),
    ...[...historyChunks(account)].map((chunk) => JSON.stringify(chunk)),
    JSON.stringify([contactsSnapshot(account), chatsSnapshot(account), groupsSnapshot(account)]),
  ];
}

describe('simulated accounts', () => {
  it('are reproducible: the same seed gives byte-identical events, another seed different ones', () => {
    const first = everything(7);
    expect(everything(7)).toEqual(first);
    const other = everything(8);
    expect(other).not.toEqual(first);
    expect(first.length).toBeGreaterThan(100);
  });

  it('use realistic identifiers: phone JIDs with a country code, 15-digit LIDs, both group JID forms, WhatsApp message ids', () => {
    const accounts = [1, 2, 3, 4, 5].map((seed) => generateAccount({ seed, profile: { ...PROFILE, groups: 10 } }));
    for (const person of accounts.flatMap((account) => [account.self, ...account.people])) {
      expect(person.jid).toMatch(/^(44|1|49|55|91|34)\d{8,12}@s\.whatsapp\.net$/);
      expect(person.jid).toBe(`${person.phone}@s.whatsapp.net`);
      expect(person.lid).toMatch(/^[12]\d{14}@lid$/);
    }
    const groupIds = accounts.flatMap((account) => account.groups.map((group) => group.id));
    expect(groupIds.every((id) => /^(120363\d{12}|\d+-\d{10})@g\.us$/.test(id))).toBe(true);
    expect(groupIds.some((id) => id.includes('-'))).toBe(true);
    const live = liveTimeline(accounts[0]).filter((event) => event.eventType === 'message');
    expect(live.every((event) => /^(3EB0[0-9A-F]{18}|[0-9A-F]{32}|3A[0-9A-F]{18})$/.test(String(event.eventData.id)))).toBe(true);
    expect(JSON.stringify(liveTimeline(accounts[0]))).toMatch(/"id":"[12]\d{14}@lid"/); // some people are named by LID only
  });

  it("keep WSAPI's order: logged_in first, initial_sync_finished last, even with duplicates and reordering", () => {
    const account = generateAccount({ seed: 3, profile: PROFILE });
    const live = liveTimeline(account);
    expect(live[0].eventType).toBe('logged_in');
    expect(live[live.length - 1].eventType).toBe('initial_sync_finished');
    expect(live.map((event) => event.receivedAt)).toEqual([...live.map((event) => event.receivedAt)].sort());

    const deliveries = planDeliveries(live, FAULTS, 3, { anchorEnds: true });
    expect(deliveries[0].label).toBe('logged_in');
    const lastOriginal = deliveries.map((delivery) => delivery.label).lastIndexOf('initial_sync_finished');
    expect(deliveries.slice(lastOriginal + 1).every((delivery) => delivery.label.startsWith('duplicate:') || delivery.label.startsWith('bad:'))).toBe(true);
    expect(deliveries.filter((delivery) => delivery.label.startsWith('duplicate:')).length).toBeGreaterThan(0);
    expect(deliveries.filter((delivery) => delivery.label.startsWith('bad:')).length).toBeGreaterThan(0);
    const order = deliveries.filter((delivery) => delivery.event && !delivery.label.startsWith('duplicate:')).map((delivery) => delivery.event!.eventId);
    expect(order).not.toEqual(live.map((event) => event.eventId)); // reordered…
    expect([...order].sort()).toEqual(live.map((event) => event.eventId).sort()); // …nothing lost
  });

  it('split the history into chunks of at most 500 messages, several for a large chat, one chatId each', () => {
    const account = generateAccount({ seed: 4, profile: PROFILE });
    const chunks = [...historyChunks(account)];
    const sizes = chunks.map((chunk) => (chunk.eventData.messages as unknown[]).length);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(MAX_MESSAGES_PER_CHUNK);
    expect(account.chats[0].historyCount).toBeGreaterThan(MAX_MESSAGES_PER_CHUNK); // Zipf: the busiest chat is large
    expect(chunks.filter((chunk) => chunk.eventData.chatId === account.chats[0].id).length).toBeGreaterThanOrEqual(2);
    for (const chunk of chunks) {
      const messages = chunk.eventData.messages as { chatId: string; time: string }[];
      expect(messages.every((message) => message.chatId === chunk.eventData.chatId)).toBe(true);
    }
    expect({ messages: sizes.reduce((a, b) => a + b, 0), chunks: chunks.length }).toEqual(historySize(account));
    // Not in chronological order, and the latest live messages are repeated.
    const times = (chunks[0].eventData.messages as { time: string }[]).map((message) => message.time);
    expect(times).not.toEqual([...times].sort());
    const liveIds = new Set(liveTimeline(account).filter((event) => event.eventType === 'message').map((event) => event.eventData.id));
    expect(chunks.flatMap((chunk) => chunk.eventData.messages as { id: string }[]).filter((message) => liveIds.has(message.id)).length).toBeGreaterThan(0);
  });

  it("decode without a single dead letter in the service's own projections, and add up to the expected counts", () => {
    const account = generateAccount({ seed: 5, profile: PROFILE });
    const config = loadAppConfig({});
    const projections = [new MessagesProjection(), new ChatsProjection(), new ContactsProjection(), new GroupsProjection(), new SyncStateProjection(config)];
    const snapshots: SimulatedEvent[] = [
      ['contacts_snapshot', contactsSnapshot(account)],
      ['chats_snapshot', chatsSnapshot(account)],
      ['groups_snapshot', groupsSnapshot(account)],
    ].map(([eventType, items]) => ({ eventId: `snap_${eventType}`, instanceId: account.instanceId, receivedAt: new Date().toISOString(), eventType: eventType as string, eventData: { items } }));
    const events = [...liveTimeline(account), ...historyChunks(account), ...snapshots];
    const messageKeys = new Set<string>();
    for (const event of events) {
      const source: SourceEvent = { topic: `t.${categoryOf(event.eventType)}`, partition: 0, offset: '0', instanceId: event.instanceId, eventType: event.eventType, eventId: event.eventId, eventTime: event.receivedAt, eventData: event.eventData };
      for (const projection of projections) {
        const changes = projection.decode(source); // throws InvalidPayloadError (or its PoisonEventError) on anything invalid
        if (projection instanceof MessagesProjection) {
          for (const change of changes as Record<string, unknown>[]) if (change.base_version) messageKeys.add(`${change.chat_id} ${change.id}`);
        }
      }
    }
    expect(messageKeys.size).toBe(expectedCounts(account, true).messages);
  });

  it('poison payloads are the only bad deliveries the ingress accepts', () => {
    const account = generateAccount({ seed: 6, profile: PROFILE });
    const deliveries = planDeliveries(liveTimeline(account), { badPayloadRate: 1 }, 6, { anchorEnds: true });
    const bad = deliveries.filter((delivery) => delivery.label.startsWith('bad:'));
    expect(new Set(bad.map((delivery) => `${delivery.label} ${delivery.expectedStatus}`))).toEqual(
      new Set(['bad:not-json 400', 'bad:no-event-data 400', 'bad:wrong-signature 401', 'bad:unsigned 401', 'bad:poison-payload 200']),
    );
    const poison = bad.find((delivery) => delivery.label === 'bad:poison-payload')!;
    const envelope = JSON.parse(poison.body.toString('utf8'));
    const source: SourceEvent = { topic: 't.messages', partition: 0, offset: '0', instanceId: envelope.instanceId, eventType: 'message', eventTime: envelope.receivedAt, eventData: envelope.eventData };
    expect(() => new MessagesProjection().decode(source)).toThrow(/invalid message/);
  });
});
