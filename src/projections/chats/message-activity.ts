import { HistorySyncEventDto, MessageActivityDto } from '../../wsapi/payloads/chat-events.dto';
import { validatePayload } from '../../wsapi/payloads/validate-payload';
import { STATUS_BROADCAST_JID } from '../chat-common/jid';
import { validateElement } from '../chat-common/validate-element';
import { parseWsapiTime } from '../chat-common/wsapi-time';
import { RowPatch } from '../upsert/table-spec';
import { chatKeyFromSender } from './chat-rows';

/**
 * A message creates its chat's row if needed and moves last_message_at forward (greatest wins,
 * so live and history messages can arrive in any order). Every `message` counts, edits and
 * reactions included: they are activity in the chat. Status updates (status@broadcast) are not a
 * conversation and create no chat.
 */
function messageActivityPatch(instanceId: string, message: MessageActivityDto, receivedAt: string): RowPatch[] {
  if (message.isStatus || message.chatId === STATUS_BROADCAST_JID) return [];
  return [{ ...chatKeyFromSender(instanceId, message.chatId, message.sender, receivedAt), last_message_at: parseWsapiTime(message.time, 'time') }];
}

export function liveMessagePatches(instanceId: string, eventData: Record<string, unknown>, receivedAt: string): RowPatch[] {
  return messageActivityPatch(instanceId, validatePayload(MessageActivityDto, eventData, 'message'), receivedAt);
}

/** One patch per history message; the fold keeps one row per chat with the greatest time. */
export function historyPatches(instanceId: string, eventData: Record<string, unknown>, receivedAt: string): RowPatch[] {
  // The wrapper is validated on a shallow view: a chunk is up to 500 messages (~10 MiB with
  // thumbnails) and the validator deep-copies what it is given; each element is validated below.
  const messages = eventData.messages;
  const { chatId } = validatePayload(HistorySyncEventDto, { chatId: eventData.chatId, messages: Array.isArray(messages) ? [] : messages }, 'message_history_sync');
  return (messages as unknown[]).flatMap((element, index) => {
    const message = validateElement(MessageActivityDto, bareMessage(element, chatId), `message_history_sync message ${index}`);
    return messageActivityPatch(instanceId, message, receivedAt);
  });
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
