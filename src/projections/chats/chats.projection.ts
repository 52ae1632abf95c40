import { Injectable } from '@nestjs/common';
import { ServiceTopic } from '../../kafka/topics';
import { EventCategory } from '../../wsapi/event-types';
import { ChatPictureEventDto, ChatSettingEventDto, RestChatDto } from '../../wsapi/payloads/chat-events.dto';
import { SnapshotEventType } from '../../wsapi/payloads/snapshot.dto';
import { validatePayload } from '../../wsapi/payloads/validate-payload';
import { snapshotItems } from '../chat-common/snapshot-items';
import { ApplyContext, Projection, SourceEvent } from '../engine/projection';
import { upsertMergingLidAliases } from '../upsert/lid-aliases';
import { RowPatch } from '../upsert/table-spec';
import { chatKey, chatKeyFromSender } from './chat-rows';
import { chatSettingColumns } from './chat-setting-patch';
import { snapshotChatPatch } from './chat-snapshot';
import { chatsTable } from './chats.table';
import { historyPatches, liveMessagePatches } from './message-activity';

/**
 * Materializes `chats` (the chat list of each instance) from chat settings and pictures, message
 * activity (live and history) and the chats snapshot.
 */
@Injectable()
export class ChatsProjection implements Projection<RowPatch> {
  readonly name = 'chats';
  readonly topics = [EventCategory.Chats, EventCategory.Messages, EventCategory.History, ServiceTopic.Snapshots];
  readonly tables = ['chats'];
  readonly handles = ['chat_setting', 'chat_picture', 'message', 'message_history_sync', SnapshotEventType.Chats];
  readonly version = 1;

  decode(event: SourceEvent): RowPatch[] {
    const { instanceId, eventTime: at, eventData } = event;
    switch (event.eventType) {
      case 'chat_setting': {
        const data = validatePayload(ChatSettingEventDto, eventData, 'chat_setting');
        const columns = chatSettingColumns(data, at);
        return columns ? [{ ...chatKey(instanceId, data.id, null, at), ...columns }] : [];
      }
      case 'chat_picture': {
        const data = validatePayload(ChatPictureEventDto, eventData, 'chat_picture');
        return [{ ...chatKeyFromSender(instanceId, data.id, data.sender, at), picture_id: data.pictureId || null, picture_at: at }];
      }
      case 'message':
        return liveMessagePatches(instanceId, eventData, at);
      case 'message_history_sync':
        return historyPatches(instanceId, eventData, at);
      case SnapshotEventType.Chats:
        return snapshotItems(RestChatDto, eventData, 'chats snapshot').map((item) => snapshotChatPatch(instanceId, item, at));
      default:
        return [];
    }
  }

  async apply(changes: RowPatch[], { sql }: ApplyContext): Promise<void> {
    await upsertMergingLidAliases(chatsTable, sql, changes);
  }
}
