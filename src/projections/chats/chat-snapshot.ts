import { RestChatDto } from '../../wsapi/payloads/chat-events.dto';
import { parseWsapiTime } from '../chat-common/wsapi-time';
import { RowPatch } from '../upsert/table-spec';
import { chatKey } from './chat-rows';

/**
 * One GET /chats element as a patch. The snapshot is authoritative at its fetch time: every
 * setting block it reports is versioned by that time (it wins over older events and loses to
 * newer ones). It reports no read state and no disappearing timer, so those keep their event
 * values. A flag the response lacks is left alone rather than guessed.
 */
export function snapshotChatPatch(instanceId: string, item: RestChatDto, fetchedAt: string): RowPatch {
  const patch: RowPatch = {
    ...chatKey(instanceId, item.id, item.lid || null, fetchedAt),
    // GET /chats has no group names (the groups read model has them), only person names.
    name: item.fullName || item.pushName || item.businessName || null,
    name_at: fetchedAt,
    last_activity: parseWsapiTime(item.lastActivity, 'lastActivity'),
  };
  if (item.isGroup === true) patch.is_group = true;
  if (typeof item.isArchived === 'boolean') Object.assign(patch, { is_archived: item.isArchived, archive_at: fetchedAt });
  if (typeof item.isPinned === 'boolean') Object.assign(patch, { is_pinned: item.isPinned, pin_at: fetchedAt });
  if (typeof item.isMuted === 'boolean') {
    Object.assign(patch, { is_muted: item.isMuted, mute_end_time: parseWsapiTime(item.muteEndTime, 'muteEndTime'), mute_at: fetchedAt });
  }
  return patch;
}
