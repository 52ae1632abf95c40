import { SnapshotEventType } from '../../src/wsapi/payloads/snapshot.dto';
import { SeededRandom } from './seeded-random';

export interface SimulatedEvent {
  instanceId: string;
  eventType: string;
  eventId: string;
  receivedAt: string;
  eventData: Record<string, unknown>;
}

export interface AccountShape {
  instances: number;
  contacts: number;
  chats: number;
  groups: number;
  participantsPerGroup: number;
  liveMessagesPerChat: number;
  historyMessagesPerChat: number;
  /** Share of events delivered twice. */
  duplicateRate: number;
  /** Share of events whose delivery is moved later than their time (out of order). */
  reorderRate: number;
}

export const SMALL_ACCOUNT: AccountShape = {
  instances: 2,
  contacts: 40,
  chats: 12,
  groups: 3,
  participantsPerGroup: 6,
  liveMessagesPerChat: 40,
  historyMessagesPerChat: 120,
  duplicateRate: 0.05,
  reorderRate: 0.1,
};

const START = Date.parse('2026-03-01T10:00:00.000Z');

/**
 * A realistic, seeded stream of WSAPI events for a few accounts: session events, contacts (some
 * first seen by LID), push names and statuses, chat settings, live messages with edits,
 * reactions, deletes, stars and receipts, history chunks (≤ 500 messages, overlapping live ones),
 * group changes and REST snapshots — with duplicates and out-of-order deliveries.
 */
export function generateAccountStream(seed: number, shape: AccountShape = SMALL_ACCOUNT): SimulatedEvent[] {
  const random = new SeededRandom(seed);
  const events: SimulatedEvent[] = [];
  let sequence = 0;
  const emit = (instanceId: string, eventType: string, atMs: number, eventData: Record<string, unknown>) => {
    sequence += 1;
    events.push({ instanceId, eventType, eventId: `evt_${seed}_${sequence}`, receivedAt: new Date(atMs).toISOString(), eventData });
  };

  for (let i = 0; i < shape.instances; i += 1) {
    const instanceId = `ins_sim${seed}_${i}`;
    let clock = START + i * 3_600_000;
    const tick = (ms = 1000) => (clock += 1 + random.int(ms));
    const people = Array.from({ length: shape.contacts }, (_, n) => person(seed, i, n));
    const chats = people.slice(0, shape.chats);
    const groups = Array.from({ length: shape.groups }, (_, n) => ({ id: `1203630${seed}${i}${n}@g.us`, name: `Group ${n}` }));

    emit(instanceId, 'logged_in', tick(), { deviceId: `4477009${i}:12@s.whatsapp.net` });
    for (const p of people) {
      // Some people are first seen by LID only, their phone JID arrives later.
      const identity = random.chance(0.3) ? { id: p.lid } : { id: p.id, lid: p.lid, phone: p.phone };
      emit(instanceId, 'contact', tick(), { contact: identity, fullName: p.name, inPhoneAddressBook: random.chance(0.8) });
      if (random.chance(0.6)) emit(instanceId, 'chat_push_name', tick(), { user: { id: p.id, lid: p.lid, phone: p.phone }, pushName: p.name.split(' ')[0] });
      if (random.chance(0.3)) emit(instanceId, 'chat_status', tick(), { user: { id: p.id }, status: `status ${random.int(100)}` });
    }
    for (const chat of chats) {
      emit(instanceId, 'chat_setting', tick(), { id: chat.id, settingType: 'archive', archive: { isArchived: random.chance(0.3) } });
      emit(instanceId, 'chat_setting', tick(), { id: chat.id, settingType: 'mute', mute: { isMuted: random.chance(0.2), muteEndTime: new Date(clock + 86_400_000).toISOString() } });
      emit(instanceId, 'chat_picture', tick(), { id: chat.id, sender: { id: chat.id, isMe: false }, pictureId: `pic${random.int(1e6)}` });
    }
    for (const group of groups) {
      const members = Array.from({ length: shape.participantsPerGroup }, () => random.pick(people));
      emit(instanceId, 'group', tick(), { id: group.id, name: { name: group.name }, join: members.map((m) => ({ id: m.id, lid: m.lid })) });
      emit(instanceId, 'group', tick(), { id: group.id, promote: [{ id: members[0].id }] });
      emit(instanceId, 'group', tick(), { id: group.id, leave: [{ id: members[members.length - 1].id }] });
      emit(instanceId, 'group', tick(), { id: group.id, description: { topic: `about ${group.name}` } });
    }

    const messageIds: { chatId: string; id: string; time: string; fromMe: boolean; sender: string }[] = [];
    for (const chat of chats) {
      for (let m = 0; m < shape.liveMessagesPerChat; m += 1) {
        const fromMe = random.chance(0.4);
        const at = tick(5000);
        const message = { id: `LIVE${seed}${i}${chat.n}x${m}`, chatId: chat.id, time: new Date(at).toISOString(), fromMe, sender: fromMe ? 'me' : chat.id };
        messageIds.push(message);
        emit(instanceId, 'message', at, messagePayload(message, `hello ${m}`, random));
      }
    }
    for (const target of messageIds.filter(() => random.chance(0.15))) {
      const kind = random.int(5);
      const at = tick(3000);
      if (kind === 0) emit(instanceId, 'message', at, { ...messagePayload({ ...target, id: `EDIT${target.id}`, time: new Date(at).toISOString() }, `edited ${target.id}`, random), isEdit: true, edit: { originalMessageId: target.id, originalMessageTime: target.time } });
      if (kind === 1) emit(instanceId, 'message', at, { ...messagePayload({ ...target, id: `REACT${at}`, time: new Date(at).toISOString(), fromMe: false, sender: target.chatId }, '', random), type: 'reaction', reaction: { messageId: target.id, emoji: random.pick(['👍', '❤️', '']) } });
      if (kind === 2) emit(instanceId, 'message_delete', at, { id: target.id, chatId: target.chatId, sender: { id: target.chatId, isMe: target.fromMe }, time: new Date(at).toISOString(), isDeletedForAll: true });
      if (kind === 3) emit(instanceId, 'message_star', at, { id: target.id, chatId: target.chatId, sender: { id: target.chatId, isMe: false }, time: new Date(at).toISOString(), isStarred: random.chance(0.7) });
      if (kind === 4) emit(instanceId, 'message_read', at, { chatId: target.chatId, sender: { id: target.chatId, isMe: false }, messageIds: [target.id], time: new Date(at).toISOString(), receiptType: random.pick(['delivered', 'read']) });
    }

    emit(instanceId, 'initial_sync_finished', tick(), {});
    emit(instanceId, SnapshotEventType.Contacts, tick(), {
      items: people.map((p) => ({ id: p.id, lid: p.lid, phone: p.phone, fullName: p.name, firstName: p.name.split(' ')[0], inPhoneAddressBook: true })),
    });
    emit(instanceId, SnapshotEventType.Chats, tick(), {
      items: chats.map((c) => ({ id: c.id, lid: c.lid, isGroup: false, isArchived: random.chance(0.2), isPinned: random.chance(0.1), isMuted: false, fullName: c.name, lastActivity: new Date(clock).toISOString() })),
    });
    emit(instanceId, SnapshotEventType.Groups, tick(), {
      items: groups.slice(1).map((g) => ({ groupId: g.id, owner: { id: people[0].id }, name: g.name, createdAt: new Date(START).toISOString(), description: '', isAnnounce: false, isLocked: false, isEphemeral: false, ephemeralExpiration: 0, participants: people.slice(0, 3).map((p, n) => ({ id: p.id, lid: p.lid, isAdmin: n === 0, isSuperAdmin: n === 0, displayName: p.name })) })),
    });

    for (const chat of chats) {
      const history = Array.from({ length: shape.historyMessagesPerChat }, (_, m) => {
        const fromMe = random.chance(0.4);
        const at = START - (m + 1) * 60_000;
        return messagePayload({ id: `HIST${seed}${i}${chat.n}x${m}`, chatId: chat.id, time: new Date(at).toISOString(), fromMe, sender: fromMe ? 'me' : chat.id }, `old ${m}`, random);
      });
      // Recent live messages also appear in the history (the same message twice must be one row).
      const overlap = messageIds.filter((m) => m.chatId === chat.id).slice(0, 5).map((m) => messagePayload(m, 'hello overlap', random));
      const all = [...history, ...overlap];
      for (let start = 0; start < all.length; start += 500) emit(instanceId, 'message_history_sync', tick(), { chatId: chat.id, messages: all.slice(start, start + 500) });
    }
  }

  return deliver(events, shape, random);
}

/** Delivery order: duplicates, and some events moved later than they happened. */
function deliver(events: SimulatedEvent[], shape: AccountShape, random: SeededRandom): SimulatedEvent[] {
  const delivered: SimulatedEvent[] = [];
  const late: SimulatedEvent[] = [];
  for (const event of events) {
    (random.chance(shape.reorderRate) ? late : delivered).push(event);
    if (random.chance(shape.duplicateRate)) late.push(event);
    if (late.length > 0 && random.chance(0.2)) delivered.push(late.splice(random.int(late.length), 1)[0]);
  }
  return [...delivered, ...late];
}

function person(seed: number, instance: number, n: number) {
  const digits = `1555${String(seed % 100).padStart(2, '0')}${instance}${String(n).padStart(4, '0')}`;
  return { n, id: `${digits}@s.whatsapp.net`, lid: `88${digits}@lid`, phone: digits, name: `Person ${n} Example` };
}

function messagePayload(message: { id: string; chatId: string; time: string; fromMe: boolean; sender: string }, text: string, random: SeededRandom): Record<string, unknown> {
  return {
    id: message.id,
    chatId: message.chatId,
    time: message.time,
    sender: message.fromMe ? { id: '447700900000@s.whatsapp.net', isMe: true } : { id: message.chatId, isMe: false },
    isGroup: false,
    type: 'text',
    text,
    isForwarded: random.chance(0.05),
  };
}
