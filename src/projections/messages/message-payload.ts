import { SenderDto } from '../../wsapi/payloads/identity.dto';
import { MessageEventDto, MessageType } from '../../wsapi/payloads/message-events.dto';
import { SourceEvent } from '../engine/projection';
import { RowPatch } from '../upsert/table-spec';
import { messagePatch, payloadTime } from './message-patch';
import { withoutThumbnails } from './thumbnails';

/** Where a message payload came from. Once a message was seen live, its row says 'live'. */
export type MessageSource = 'live' | 'history';

/** Orders the copies of one message: any live copy beats any history copy (see base_version). */
const SOURCE_RANK: Record<MessageSource, string> = { history: '1', live: '2' };

/**
 * The changes one message payload (live, or an element of a history chunk) makes. An edit,
 * reaction or pin is not a message of its own: it changes the message it points at, in the
 * same chat. Anything else is a message row.
 */
export function messagePayloadPatches(message: MessageEventDto, payload: Record<string, unknown>, source: MessageSource, event: SourceEvent): RowPatch[] {
  const time = payloadTime(message.time, event);
  if (message.isEdit === true && message.edit) {
    // The edit's text is the new body; the latest edit (by its own message time) wins.
    return [messagePatch(event, message.chatId, message.edit.originalMessageId, { is_edited: true, edited_text: message.text ?? null, edited_at: time })];
  }
  if (message.type === MessageType.Reaction && message.reaction) {
    // Per reactor, the latest reaction wins; an empty emoji (removal) is kept so that an older
    // reaction arriving later cannot bring the removed one back.
    const reaction = { emoji: message.reaction.emoji, at: time };
    return [messagePatch(event, message.chatId, message.reaction.messageId, { reactions: { [message.sender.id]: reaction } })];
  }
  if (message.type === MessageType.PinInChat && message.pin) {
    return [messagePatch(event, message.chatId, message.pin.messageId, { is_pinned: message.pin.pinned, pinned_at: time })];
  }
  return [baseRow(message, payload, source, time, event)];
}

function baseRow(message: MessageEventDto, payload: Record<string, unknown>, source: MessageSource, time: string, event: SourceEvent): RowPatch {
  const stripped = withoutThumbnails(payload);
  return messagePatch(event, message.chatId, message.id, {
    base_version: `${SOURCE_RANK[source]}|${event.eventTime}`,
    source,
    sender_id: message.sender.id,
    sender_lid: lidOf(message.sender),
    from_me: message.sender.isMe === true,
    time,
    type: message.type,
    text: message.text ?? null,
    media: stripped.payload.media ?? null,
    has_thumbnail: stripped.hadThumbnail,
    reply_to_id: message.replyTo?.id || null,
    is_forwarded: message.isForwarded === true,
    mentions: message.mentions ?? null,
    raw: stripped.payload,
  });
}

function lidOf(sender: SenderDto): string | null {
  return sender.lid ?? (sender.id.endsWith('@lid') ? sender.id : null);
}
