/** The event HistorySync delivers its messages with (shared/wsapi/README.md §3.2). */
export const HISTORY_EVENT_TYPE = 'message_history_sync';

/**
 * True when HistorySync is on but the instance's event filters (an allow-list; empty or unknown =
 * everything is delivered) drop `message_history_sync`: WSAPI would then discard the flushed
 * history for good.
 */
export function historyFilteredOut(historySync: boolean | null | undefined, eventFilters: readonly string[] | null | undefined): boolean {
  return historySync === true && Array.isArray(eventFilters) && eventFilters.length > 0 && !eventFilters.includes(HISTORY_EVENT_TYPE);
}
