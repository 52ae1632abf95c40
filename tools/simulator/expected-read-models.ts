import { SimulatedAccount } from './account';

/** Row counts the read models must reach for one simulated account (faults change none of them). */
export interface ExpectedCounts {
  /** `messages` rows: every live message plus, when the history was delivered, every history message. */
  messages: number;
  liveMessages: number;
  historyMessages: number;
  /** `chats` rows: the direct chats and the groups. */
  chats: number;
  /** `current_groups` rows. */
  groups: number;
  /** `current_group_participants` rows: the members GET /groups lists, the account itself included. */
  participants: number;
}

/**
 * Edits, reactions, pins, receipts, deletes and stars only point at live messages, and the live
 * messages repeated in the history are the same rows, so the counts follow from the account's
 * shape alone. Poison payloads never make rows (they are dead-lettered).
 */
export function expectedCounts(account: SimulatedAccount, historyDelivered: boolean): ExpectedCounts {
  const liveMessages = account.chats.reduce((sum, chat) => sum + chat.liveCount, 0);
  const historyMessages = historyDelivered ? account.chats.reduce((sum, chat) => sum + chat.historyCount, 0) : 0;
  return {
    messages: liveMessages + historyMessages,
    liveMessages,
    historyMessages,
    chats: account.chats.length,
    groups: account.groups.length,
    participants: account.groups.reduce((sum, group) => sum + group.members.length, 0),
  };
}
