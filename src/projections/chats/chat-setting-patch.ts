import { PoisonEventError } from '../engine/projection';
import { ChatSettingEventDto, ChatSettingType } from '../../wsapi/payloads/chat-events.dto';
import { ephemeralSeconds } from '../chat-common/ephemeral';
import { parseWsapiTime } from '../chat-common/wsapi-time';
import { RowPatch } from '../upsert/table-spec';

/**
 * The columns one chat_setting sets, with the event time as that block's version. chat_setting
 * carries no time of its own, so receivedAt is the version. Returns undefined for a setting type
 * this read model does not know (a newer WSAPI): nothing to store, nothing wrong with the event.
 */
export function chatSettingColumns(data: ChatSettingEventDto, at: string): RowPatch | undefined {
  switch (data.settingType) {
    case ChatSettingType.Mute: {
      const mute = requireBlock(data, data.mute);
      return { is_muted: mute.isMuted, mute_end_time: parseWsapiTime(mute.muteEndTime, 'mute.muteEndTime'), mute_at: at };
    }
    case ChatSettingType.Pin:
      return { is_pinned: requireBlock(data, data.pin).isPinned, pin_at: at };
    case ChatSettingType.Read:
      return { is_read: requireBlock(data, data.read).isRead, read_at: at };
    case ChatSettingType.Archive:
      return { is_archived: requireBlock(data, data.archive).isArchived, archive_at: at };
    case ChatSettingType.Ephemeral:
      return { ephemeral_expiration: ephemeralSeconds(requireBlock(data, data.ephemeral).expiration), ephemeral_at: at };
    default:
      return undefined;
  }
}

function requireBlock<T>(data: ChatSettingEventDto, block: T | undefined): T {
  if (block === undefined || block === null) throw new PoisonEventError(`chat_setting of type ${data.settingType} has no ${data.settingType} block`);
  return block;
}
