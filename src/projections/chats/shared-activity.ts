import { getMetadataStorage } from 'class-validator';
import { MessageActivityDto, MessageActivityTimeDto } from '../../wsapi/payloads/chat-events.dto';
import { validatePayload } from '../../wsapi/payloads/validate-payload';
import { parseWsapiTime } from '../chat-common/wsapi-time';
import { InvalidPayloadError } from '../../wsapi/payloads/invalid-payload.error';
import { isJsonObject } from '../messages/json-object';
import { RowPatch } from '../upsert/table-spec';

/** The chat row a valid message's activity touches, or null when it touches none. */
export type ActivityRow = (message: MessageActivityDto) => RowPatch | null;

/**
 * What MessageActivityDto checks besides the time, read from its own rules: messages that agree
 * on all of these are valid or invalid together (but for their times) and touch the same row.
 */
const SHARED_FIELDS = [...new Set(getMetadataStorage().getTargetValidationMetadatas(MessageActivityDto, '', false, false).map((rule) => rule.propertyName))].filter(
  (field) => field !== 'time',
);

/**
 * A history chunk's activity patches, one per message, as validating each message in full and
 * patching its row would make them, at a fraction of the cost: a chunk is mostly the two sides
 * of one chat, so each distinct combination of SHARED_FIELDS is validated in full once and every
 * other message only for its time.
 *
 * Undefined when any message is invalid, without saying which: the caller then goes message by
 * message, which names the first bad one exactly as it always did.
 */
export function sharedActivityPatches(messages: unknown[], rowOf: ActivityRow): RowPatch[] | undefined {
  const rows = new Map<string, RowPatch | null>();
  const patches: RowPatch[] = [];
  try {
    for (const message of messages) {
      if (!isJsonObject(message)) return undefined;
      const shared = sharedFieldsKey(message);
      let row = rows.get(shared);
      if (row === undefined) rows.set(shared, (row = rowOf(validatePayload(MessageActivityDto, message, 'message'))));
      else validatePayload(MessageActivityTimeDto, { time: message.time }, 'message');
      if (row) patches.push(activityPatch(row, message.time as string));
    }
  } catch (error) {
    if (error instanceof InvalidPayloadError) return undefined;
    throw error;
  }
  return patches;
}

/** A message's activity: its chat row, moved to the message's time (greatest wins in the fold). */
export function activityPatch(row: RowPatch, time: string): RowPatch {
  return { ...row, last_message_at: parseWsapiTime(time, 'time') };
}

/** JSON of the shared fields: equal for equal values (a missing field differs from null). */
function sharedFieldsKey(message: Record<string, unknown>): string {
  const shared: Record<string, unknown> = {};
  for (const field of SHARED_FIELDS) shared[field] = message[field];
  return JSON.stringify(shared);
}
