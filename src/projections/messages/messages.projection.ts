import { Injectable } from '@nestjs/common';
import { ServiceTopic } from '../../kafka/topics';
import { EventCategory } from '../../wsapi/event-types';
import { MessageDeleteEventDto, MessageEventDto, MessageReadEventDto, MessageStarEventDto } from '../../wsapi/payloads/message-events.dto';
import { validatePayload } from '../../wsapi/payloads/validate-payload';
import { ApplyContext, Projection, SourceEvent } from '../engine/projection';
import { RowPatch } from '../upsert/table-spec';
import { historyMessages } from './history-chunk';
import { eventLinks, LidPhoneLink, LINK_EVENT_TYPES } from './lid-links';
import { LID_PHONE_MAP_TABLE } from './lid-phone-map';
import { messagePayloadPatches } from './message-payload';
import { upsertKeyedByPhoneJid } from './phone-keyed-upsert';
import { deletePatch, receiptPatches, starPatch } from './status-patches';

/**
 * Materializes `messages` (docs/read-models/messages.md) from live messages and their edits,
 * reactions and pins, history chunks, deletes, stars and receipts. Every change is a patch merged
 * by the table's rules, so the rows never depend on the order the events arrive in. Contacts,
 * chats, groups and snapshots are read only for the LID↔phone links they carry, which key a
 * one-to-one chat by its phone JID (messages_lid_map, its own table, so a replay rebuilds it).
 */
@Injectable()
export class MessagesProjection implements Projection<RowPatch> {
  readonly name = 'messages';
  readonly topics = [EventCategory.Messages, EventCategory.History, EventCategory.Contacts, EventCategory.Chats, EventCategory.Groups, ServiceTopic.Snapshots];
  readonly tables = ['messages', LID_PHONE_MAP_TABLE];
  /** Its own events, then those read only for the LID↔phone links they carry (eventLinks). */
  readonly handles = ['message', 'message_history_sync', 'message_delete', 'message_star', 'message_read', ...LINK_EVENT_TYPES];
  readonly version = 1;

  decode(event: SourceEvent): RowPatch[] {
    switch (event.eventType) {
      case 'message':
        return messagePayloadPatches(validatePayload(MessageEventDto, event.eventData, 'message'), event.eventData, 'live', event);
      case 'message_history_sync':
        return historyMessages(event.eventData).flatMap(({ message, payload }) => messagePayloadPatches(message, payload, 'history', event));
      case 'message_delete':
        return [deletePatch(validatePayload(MessageDeleteEventDto, event.eventData, 'message_delete'), event)];
      case 'message_star':
        return [starPatch(validatePayload(MessageStarEventDto, event.eventData, 'message_star'), event)];
      case 'message_read':
        return receiptPatches(validatePayload(MessageReadEventDto, event.eventData, 'message_read'), event);
      default:
        return eventLinks(event);
    }
  }

  /** `changes` are message row patches and the LID↔phone links of other events. */
  async apply(changes: RowPatch[], { sql }: ApplyContext): Promise<void> {
    const patches: RowPatch[] = [];
    const links: LidPhoneLink[] = [];
    for (const change of changes) {
      if (change instanceof LidPhoneLink) links.push(change);
      else patches.push(change);
    }
    await upsertKeyedByPhoneJid(sql, patches, links);
  }
}

