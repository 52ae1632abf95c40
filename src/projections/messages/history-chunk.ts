import { MessageEventDto, MessageHistorySyncEventDto } from '../../wsapi/payloads/message-events.dto';
import { validatePayload } from '../../wsapi/payloads/validate-payload';
import { PoisonEventError } from '../engine/projection';
import { isJsonObject } from './json-object';

export interface HistoryMessage {
  message: MessageEventDto;
  /** The element as received (unwrapped, chatId filled in): what `raw` stores. */
  payload: Record<string, unknown>;
}

/**
 * The messages of a `message_history_sync` chunk, each validated as a `message` payload.
 * One invalid element poisons the whole chunk (it goes to the DLQ, its neighbours with it), so
 * that nothing is skipped silently and a fixed chunk can be replayed as one.
 */
export function historyMessages(eventData: Record<string, unknown>): HistoryMessage[] {
  // The wrapper's check looks at `messages` only as an array (validatePayload does not copy it);
  // each element is validated on its own below, so that an error names the element.
  const { chatId } = validatePayload(MessageHistorySyncEventDto, eventData, 'message_history_sync');
  const elements = (eventData.messages ?? []) as unknown[];
  return elements.map((element, index) => {
    const payload = withChatId(unwrapEnvelope(element, index), chatId);
    return { message: validatePayload(MessageEventDto, payload, `message_history_sync messages[${index}]`), payload };
  });
}

/**
 * The spec sends bare message payloads; an SDK test fixture wraps each in an event envelope.
 * Both are accepted: a wrapped element is recognized by its `eventData` object.
 */
function unwrapEnvelope(element: unknown, index: number): Record<string, unknown> {
  if (!isJsonObject(element)) throw new PoisonEventError(`invalid message_history_sync messages[${index}]: not an object`);
  if (element.id === undefined && isJsonObject(element.eventData)) return element.eventData;
  return element;
}

/** An element without chatId belongs to the chunk's chat (set whenever all share one chat). */
function withChatId(payload: Record<string, unknown>, chatId: string | undefined): Record<string, unknown> {
  return payload.chatId === undefined && chatId ? { ...payload, chatId } : payload;
}
