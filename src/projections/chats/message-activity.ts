import { HistorySyncEventDto, MessageActivityDto } from '../../wsapi/payloads/chat-events.dto';
import { validatePayload } from '../../wsapi/payloads/validate-payload';
import { STATUS_BROADCAST_JID } from '../chat-common/jid';
import { validateElement } from '../chat-common/validate-element';
import { RowPatch } from '../upsert/table-spec';
import { chatKeyFromSender } from './chat-rows';
import { activityPatch, sharedActivityPatches } from './shared-activity';

/**
 * A message creates its chat's row if needed and moves last_message_at forward (greatest wins,
 * so live and history messages can arrive in any order). Every `message` counts, edits and
 * reactions included: they are activity in the chat. Status updates (status@broadcast) are not a
 * conversation and create no chat.
 */
function activityRow(instanceId: string, message: MessageActivityDto, receivedAt: string): RowPatch | null {
  if (message.isStatus || message.chatId === STATUS_BROADCAST_JID) return null;
  return chatKeyFromSender(instanceId, message.chatId, message.sender, receivedAt);
}

function messageActivityPatches(instanceId: string, message: MessageActivityDto, receivedAt: string): RowPatch[] {
  const row = activityRow(instanceId, message, receivedAt);
  return row ? [activityPatch(row, message.time)] : [];
}

export function liveMessagePatches(instanceId: string, eventData: Record<string, unknown>, receivedAt: string): RowPatch[] {
  return messageActivityPatches(instanceId, validatePayload(MessageActivityDto, eventData, 'message'), receivedAt);
}

/** One patch per history message; the fold keeps one row per chat with the greatest time. */
export function historyPatches(instanceId: string, eventData: Record<string, unknown>, receivedAt: string): RowPatch[] {
  const { chatId, messages } = validatePayload(HistorySyncEventDto, eventData, 'message_history_sync');
  const bare = messages.map((element) => bareMessage(element, chatId));
  const valid = sharedActivityPatches(bare, (message) => activityRow(instanceId, message, receivedAt));
  // A chunk with a bad message: validated message by message, so that the error names the first.
  return valid ?? bare.flatMap((message, index) => messageActivityPatches(instanceId, validateElement(MessageActivityDto, message, `message_history_sync message ${index}`), receivedAt));
}

/**
 * The spec sends bare message payloads; an SDK fixture wraps each in an envelope (README §3.2):
 * accept both (a wrapper has `eventData` and no message `id`). A message without its own chatId
 * belongs to the chunk's chat.
 */
function bareMessage(element: unknown, chunkChatId: string | undefined): unknown {
  if (!isObject(element)) return element;
  const message = element.id === undefined && isObject(element.eventData) ? element.eventData : element;
  return message.chatId === undefined && chunkChatId ? { ...message, chatId: chunkChatId } : message;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
