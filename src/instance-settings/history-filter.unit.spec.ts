import { historyFilteredOut } from './history-filter';

describe('historyFilteredOut', () => {
  it('warns only when HistorySync is on and a non-empty allow-list leaves out message_history_sync', () => {
    expect(historyFilteredOut(true, ['message', 'contact'])).toBe(true);
    expect(historyFilteredOut(true, ['message', 'message_history_sync'])).toBe(false);
    expect(historyFilteredOut(true, [])).toBe(false); // no filter: everything is delivered
    expect(historyFilteredOut(true, null)).toBe(false); // unknown filters
    expect(historyFilteredOut(false, ['message'])).toBe(false);
  });
});
