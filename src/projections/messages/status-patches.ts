import { MessageDeleteEventDto, MessageReadEventDto, MessageStarEventDto, ReceiptType } from '../../wsapi/payloads/message-events.dto';
import { SourceEvent } from '../engine/projection';
import { RowPatch } from '../upsert/table-spec';
import { messagePatch, payloadTime } from './message-patch';

/** A delete is final: is_deleted stays true and deleted_at keeps the first deletion's time. */
export function deletePatch(data: MessageDeleteEventDto, event: SourceEvent): RowPatch {
  return messagePatch(event, data.chatId, data.id, {
    is_deleted: true,
    deleted_for_all: data.isDeletedForAll === true,
    deleted_at: payloadTime(data.time, event),
  });
}

/** Starring can be undone: the latest star or unstar wins. */
export function starPatch(data: MessageStarEventDto, event: SourceEvent): RowPatch {
  return messagePatch(event, data.chatId, data.id, { is_starred: data.isStarred, starred_at: payloadTime(data.time, event) });
}

/**
 * Which column a receipt kind sets. readSelf (this account read the message on another device) is
 * a read too: read_at is when the message was first read by a recipient, whoever that is.
 * Other kinds (sender, retry, serverError, inactive, historySync, peerMsg) say nothing about the
 * message's life and are ignored.
 */
const RECEIPT_COLUMNS: ReadonlyMap<string, string> = new Map([
  [ReceiptType.Delivered, 'delivered_at'],
  [ReceiptType.Read, 'read_at'],
  [ReceiptType.ReadSelf, 'read_at'],
  [ReceiptType.Played, 'played_at'],
]);

/** One change per listed message: the receipt's time, of which the earliest is kept. */
export function receiptPatches(data: MessageReadEventDto, event: SourceEvent): RowPatch[] {
  const column = RECEIPT_COLUMNS.get(data.receiptType);
  if (!column || !data.messageIds) return [];
  const time = payloadTime(data.time, event);
  return data.messageIds.map((id) => messagePatch(event, data.chatId, id, { [column]: time }));
}
