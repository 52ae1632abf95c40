import { SenderDto } from '../../wsapi/payloads/identity.dto';
import { isGroupJid, isLidJid } from '../chat-common/jid';
import { RowPatch } from '../upsert/table-spec';

/**
 * The identity part every chat patch carries. `updatedAt` is the event's receivedAt: the last
 * time anything about the chat reached us.
 */
export function chatKey(instanceId: string, chatId: string, lid: string | null, updatedAt: string): RowPatch {
  return { instance_id: instanceId, id: chatId, lid: lid ?? (isLidJid(chatId) ? chatId : null), is_group: isGroupJid(chatId), updated_at: updatedAt };
}

/**
 * The chat key for an event whose sender may be the chat's other party. In a one-to-one chat a
 * message or picture change from the other person (not from this account) names the same person
 * as the chat, often with both JIDs: keying by the sender then links the chat's LID to its phone
 * JID, which lets upsertMergingLidAliases merge a LID-keyed chat row.
 */
export function chatKeyFromSender(instanceId: string, chatId: string, sender: SenderDto | undefined, updatedAt: string): RowPatch {
  const isCounterparty = !!sender && !sender.isMe && !isGroupJid(chatId) && (sender.id === chatId || sender.lid === chatId);
  if (!isCounterparty) return chatKey(instanceId, chatId, null, updatedAt);
  return chatKey(instanceId, sender.id, sender.lid ?? null, updatedAt);
}
