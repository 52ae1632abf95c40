import { ChatSettingEventDto, ChatSettingType } from '../../wsapi/payloads/chat-events.dto';
import { validatePayload } from '../../wsapi/payloads/validate-payload';
import { ephemeralSeconds } from '../chat-common/ephemeral';
import { isGroupJid } from '../chat-common/jid';
import { groupRow, GroupsChange } from './groups-change';

/**
 * WSAPI reports a group's disappearing-messages change as a `chat_setting` of type ephemeral on the
 * group's JID (not as a `group` block). Other chat settings are the chats read model's business and
 * are not even validated here: that projection judges (and dead-letters) them.
 */
export function groupEphemeralChanges(instanceId: string, eventData: Record<string, unknown>, receivedAt: string): GroupsChange[] {
  if (eventData.settingType !== ChatSettingType.Ephemeral || typeof eventData.id !== 'string' || !isGroupJid(eventData.id)) return [];
  const data = validatePayload(ChatSettingEventDto, eventData, 'chat_setting');
  if (!data.ephemeral) return []; // block-less: the chats projection dead-letters it
  const seconds = ephemeralSeconds(data.ephemeral.expiration);
  return [groupRow({ instance_id: instanceId, id: data.id, is_ephemeral: seconds > 0, ephemeral_expiration: seconds, ephemeral_at: receivedAt, updated_at: receivedAt })];
}
