import { Chat, identityOf, SimulatedAccount } from './account';
import { historyMessages } from './chat-messages';

/**
 * The account's state as WSAPI's REST API returns it after the initial sync (shared/wsapi/README.md
 * §4.4): unpaginated arrays, full identities (phone JID and LID together, which is what lets the
 * read models merge the LID-only events), chats most recent first.
 */
export function contactsSnapshot(account: SimulatedAccount): Record<string, unknown>[] {
  return account.people
    .filter((person) => person.inAddressBook || account.chats.some((chat) => chat.person === person))
    .map((person) => ({
      ...identityOf(person, false),
      fullName: person.inAddressBook ? person.fullName : undefined,
      firstName: person.inAddressBook ? person.firstName : undefined,
      pushName: person.pushName,
      businessName: person.businessName,
      inPhoneAddressBook: person.inAddressBook,
    }));
}

export function chatsSnapshot(account: SimulatedAccount): Record<string, unknown>[] {
  return account.chats
    .map((chat) => ({ chat, lastActivity: lastActivity(account, chat) }))
    .sort((a, b) => b.lastActivity - a.lastActivity)
    .map(({ chat, lastActivity: last }) => ({
      id: chat.id,
      lid: chat.person?.lid,
      isGroup: chat.group !== undefined,
      isArchived: chat.isArchived,
      isPinned: chat.isPinned,
      isMuted: chat.muteEndTime !== undefined,
      muteEndTime: chat.muteEndTime !== undefined ? new Date(chat.muteEndTime).toISOString() : undefined,
      pushName: chat.person?.pushName,
      fullName: chat.person?.inAddressBook ? chat.person.fullName : undefined,
      businessName: chat.person?.businessName,
      lastActivity: last > 0 ? new Date(last).toISOString() : undefined,
    }));
}

export function groupsSnapshot(account: SimulatedAccount): Record<string, unknown>[] {
  return account.groups.map((group) => {
    const identity = (person: typeof group.owner) => identityOf(person, group.lidAddressed);
    return {
      groupId: group.id,
      owner: identity(group.owner),
      name: group.subject,
      createdAt: new Date(group.createdAt).toISOString(),
      description: group.topic,
      isAnnounce: group.isAnnounce,
      isLocked: group.isLocked,
      isEphemeral: group.ephemeralSeconds > 0,
      ephemeralExpiration: group.ephemeralSeconds,
      participants: group.members.map(({ person, isAdmin, isSuperAdmin }) => ({ ...identity(person), isAdmin, isSuperAdmin, displayName: person.pushName })),
      isAnnouncementGroup: false,
      isJoinApprovalRequired: group.joinApprovalRequired,
      memberAddMode: group.isLocked ? 'admin_add' : 'all_member_add',
    };
  });
}

/**
 * When the chat last had a message: the newest history message (live messages come later but
 * their exact time depends on the timeline's pacing, so a live chat counts as active at start).
 */
function lastActivity(account: SimulatedAccount, chat: Chat): number {
  if (chat.liveCount > 0) return account.startAt;
  if (chat.historyCount === 0) return 0;
  const history = historyMessages(account, chat);
  return Date.parse(history[history.length - 1].time);
}
