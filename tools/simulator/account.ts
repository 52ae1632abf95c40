import { deviceJid, groupJid, lidJid, phoneNumber, userJid } from './identifiers';
import { randomFor, SimulationRandom } from './seeded-random';
import { BUSINESS_NAMES, FIRST_NAMES, GROUP_SUBJECTS, GROUP_TOPICS, LAST_NAMES, STATUS_TEXTS } from './vocabulary';

/** How big a simulated WhatsApp account is. */
export interface AccountProfile {
  /** People the account knows (address book and group members). */
  contacts: number;
  /** One-to-one chats (with the first contacts). */
  directChats: number;
  /** Groups the account is in; each is a chat too. */
  groups: number;
  /** Average members per group, the account itself included (varies ±50 %). */
  participantsPerGroup: number;
  /** Average messages per chat that flush-history delivers. */
  historyMessagesPerChat: number;
  /** Average messages per chat that arrive live between logged_in and initial_sync_finished. */
  liveMessagesPerChat: number;
  /** Share of people WSAPI's events name by LID only (their phone JID comes with the snapshots). */
  lidOnlyShare: number;
  /** 0: every chat has the average size; 1: Zipf (a few very large chats, many small ones). */
  chatSizeSkew: number;
}

export const DEMO_PROFILE: AccountProfile = {
  contacts: 60,
  directChats: 20,
  groups: 6,
  participantsPerGroup: 12,
  historyMessagesPerChat: 150,
  liveMessagesPerChat: 6,
  lidOnlyShare: 0.2,
  chatSizeSkew: 1,
};

export interface Person {
  /** -1 for the account itself. */
  index: number;
  phone: string;
  jid: string;
  lid: string;
  firstName: string;
  fullName: string;
  pushName: string;
  businessName?: string;
  status: string;
  inAddressBook: boolean;
  /** WSAPI's events name this person by LID only. */
  lidOnly: boolean;
}

export interface GroupMember {
  person: Person;
  isAdmin: boolean;
  isSuperAdmin: boolean;
}

export interface Group {
  index: number;
  id: string;
  subject: string;
  topic: string;
  createdAt: number;
  owner: Person;
  /** Members at the end of the live phase (what GET /groups lists), the account itself included. */
  members: GroupMember[];
  /** People who leave the group during the live phase. */
  leavers: Person[];
  /** Newer groups address members by LID: events and GET /groups name them by LID only. */
  lidAddressed: boolean;
  isAnnounce: boolean;
  isLocked: boolean;
  /** Disappearing messages timer, seconds; 0 = off. */
  ephemeralSeconds: number;
  joinApprovalRequired: boolean;
}

export interface Chat {
  index: number;
  /** Phone JID of a direct chat, or the group JID. */
  id: string;
  person?: Person;
  group?: Group;
  historyCount: number;
  liveCount: number;
  isArchived: boolean;
  isPinned: boolean;
  muteEndTime?: number;
}

export interface SimulatedAccount {
  seed: number;
  instanceId: string;
  profile: AccountProfile;
  /** The instance's HistorySync setting: whether flush-history delivers anything. */
  historySync: boolean;
  /** When the live phase starts (logged_in), epoch ms. History lies before it. */
  startAt: number;
  self: Person;
  people: Person[];
  groups: Group[];
  chats: Chat[];
}

export interface AccountOptions {
  seed: number;
  profile?: AccountProfile;
  /** Default: derived from the seed, e.g. `ins_sim_1a2b3c4d`. */
  instanceId?: string;
  historySync?: boolean;
  /** Default: a fixed time, so that a run is reproducible; live runs pass Date.now(). */
  startAt?: number;
}

export const FIXED_START = Date.parse('2026-03-01T10:00:00.000Z');
const DAY = 86_400_000;

/** A whole account (people, groups, chats and their sizes), fully determined by the options. */
export function generateAccount(options: AccountOptions): SimulatedAccount {
  const { seed } = options;
  const profile = options.profile ?? DEMO_PROFILE;
  const random = randomFor(seed, 'account');
  const startAt = options.startAt ?? FIXED_START;
  const usedPhones = new Set<string>();
  const self = person(random, -1, usedPhones, 0);
  const people = Array.from({ length: profile.contacts }, (_, index) => person(random, index, usedPhones, profile.lidOnlyShare));
  const groups = Array.from({ length: profile.groups }, (_, index) => group(random, index, self, people, profile.participantsPerGroup, startAt));
  const conversations: { person?: Person; group?: Group }[] = [...people.slice(0, profile.directChats).map((p) => ({ person: p })), ...groups.map((g) => ({ group: g }))];
  const historySizes = chatSizes(conversations.length, profile.historyMessagesPerChat, profile.chatSizeSkew);
  const liveSizes = chatSizes(conversations.length, profile.liveMessagesPerChat, profile.chatSizeSkew);
  const chats = conversations.map((conversation, index): Chat => ({
    index,
    id: conversation.person?.jid ?? conversation.group!.id,
    ...conversation,
    historyCount: historySizes[index],
    liveCount: liveSizes[index],
    isArchived: random.chance(0.15),
    isPinned: index < 3 && random.chance(0.5),
    muteEndTime: random.chance(0.2) ? startAt + random.between(1, 30) * DAY : undefined,
  }));
  return {
    seed,
    instanceId: options.instanceId ?? `ins_sim_${randomFor(seed, 'instance').hex(8).toLowerCase()}`,
    profile,
    historySync: options.historySync ?? true,
    startAt,
    self: { ...self, firstName: 'Me', fullName: 'Me', pushName: 'Me', inAddressBook: false },
    people,
    groups,
    chats,
  };
}

function person(random: SimulationRandom, index: number, usedPhones: Set<string>, lidOnlyShare: number): Person {
  let phone = phoneNumber(random);
  while (usedPhones.has(phone)) phone = phoneNumber(random);
  usedPhones.add(phone);
  const firstName = random.pick(FIRST_NAMES);
  const fullName = `${firstName} ${random.pick(LAST_NAMES)}`;
  return {
    index,
    phone,
    jid: userJid(phone),
    lid: lidJid(random),
    firstName,
    fullName,
    pushName: random.chance(0.7) ? firstName : `${firstName} ${fullName.split(' ').pop()![0]}.`,
    businessName: random.chance(0.08) ? random.pick(BUSINESS_NAMES) : undefined,
    status: random.pick(STATUS_TEXTS),
    inAddressBook: random.chance(0.85),
    lidOnly: random.chance(lidOnlyShare),
  };
}

function group(random: SimulationRandom, index: number, self: Person, people: Person[], averageMembers: number, startAt: number): Group {
  const size = Math.max(2, Math.min(people.length + 1, Math.round(averageMembers * (0.5 + random.next()))));
  const others = random.shuffled(people);
  const members = [self, ...others.slice(0, size - 1)];
  const owner = random.chance(0.2) ? self : members[1];
  const createdAt = startAt - random.between(30, 900) * DAY;
  const admins = new Set([owner, ...random.shuffled(members).slice(0, random.between(0, 2))]);
  return {
    index,
    id: groupJid(random, owner.phone, createdAt),
    subject: `${random.pick(GROUP_SUBJECTS)}${index >= GROUP_SUBJECTS.length ? ` ${index}` : ''}`,
    topic: random.pick(GROUP_TOPICS),
    createdAt,
    owner,
    members: members.map((member) => ({ person: member, isAdmin: admins.has(member), isSuperAdmin: member === owner })),
    leavers: others.slice(size - 1, size - 1 + random.between(0, 2)),
    lidAddressed: random.chance(0.3),
    isAnnounce: random.chance(0.1),
    isLocked: random.chance(0.2),
    ephemeralSeconds: random.pick([0, 0, 0, 86_400, 604_800]),
    joinApprovalRequired: random.chance(0.1),
  };
}

/** Messages per chat averaging `mean`; with skew, chat i gets a share proportional to 1/(i+1)^skew. */
export function chatSizes(chats: number, mean: number, skew: number): number[] {
  const weights = Array.from({ length: chats }, (_, i) => 1 / (i + 1) ** skew);
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  return weights.map((weight) => Math.round((mean * chats * weight) / total));
}

/** The Identity WSAPI puts in events for a person (phone JID preferred, LID only when that is all it knows). */
export function identityOf(person: Person, lidOnly = person.lidOnly): { id: string; lid?: string; phone?: string } {
  return lidOnly ? { id: person.lid } : { id: person.jid, lid: person.lid, phone: person.phone };
}

export function selfDeviceJid(account: SimulatedAccount): string {
  return deviceJid(account.self.phone, 12 + (account.seed % 20));
}
