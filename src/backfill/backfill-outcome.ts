import { serviceEvent } from '../kafka/service-event';
import { EventCategory } from '../wsapi/event-types';
import { BackfillOutcomeEventDto, ServiceEventType } from '../wsapi/payloads/service-events.dto';
import { ChatState, ChatWalk } from './chat-walk';

/** The stored bytes of a chat's `backfill_outcome` (on `<prefix>.session`, re-published as is after a crash). */
export function backfillOutcomeEvent(walk: ChatWalk, state: ChatState, totals: { pages: number; messages: number; oldestTime: string | null; reason: string | null }): string {
  const eventData: BackfillOutcomeEventDto = { backfillId: walk.backfillId, chatId: walk.chatId, state, ...totals };
  return serviceEvent(walk.instanceId, ServiceEventType.BackfillOutcome, eventData, EventCategory.Session).raw.toString('utf8');
}

/** The walk as it is once a patch is applied (for the totals an outcome reports). */
export function patchedTotals(walk: ChatWalk, patch: { pages?: number; messages?: number; oldest_time?: string | null; reason?: string | null }) {
  return {
    pages: patch.pages ?? walk.pages,
    messages: patch.messages ?? walk.messages,
    oldestTime: patch.oldest_time !== undefined ? patch.oldest_time : walk.oldestTime,
    reason: patch.reason !== undefined ? patch.reason : walk.reason,
  };
}
