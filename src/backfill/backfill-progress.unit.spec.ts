import { ChatState } from './chat-walk';
import { backfillChatTable, backfillProgressLine } from './backfill-progress';
import { BackfillReport } from './backfill-report';

const report: BackfillReport = {
  backfillId: 'b',
  instanceId: 'i',
  state: 'running',
  createdAt: '2026-01-01T00:00:00.000Z',
  totals: { chats: 4, pages: 9, messages: 1650, requests: 10, ready: 1, waiting: 1 },
  chats: [
    { chatId: 'a@s.whatsapp.net', state: ChatState.Done, pages: 5, messages: 930, requests: 5, oldestTimeReached: '2025-11-01T00:00:00.000Z', reason: 'history exhausted: short page (130 of 200)' },
    { chatId: 'b@g.us', state: ChatState.Waiting, pages: 4, messages: 720, requests: 5, oldestTimeReached: null, reason: null },
  ],
};

describe('backfill progress', () => {
  it('shows chats finished as a bar with an ETA from the pace so far', () => {
    const line = backfillProgressLine(report, Date.parse('2026-01-01T00:00:20.000Z'));
    expect(line).toContain('[' + '#'.repeat(15) + '-'.repeat(15) + ']');
    expect(line).toMatch(/2\/4 chats .* ETA 20s {2}pages 9 {2}messages 1,650 {2}\(running\)$/);
  });

  it('has no ETA before the first chat finished', () => {
    expect(backfillProgressLine({ ...report, totals: { ...report.totals, ready: 2, waiting: 2 } }, Date.parse('2026-01-01T00:00:20.000Z'))).toContain('ETA ?');
  });

  it('lists every chat with its state, pages, messages, oldest time and reason', () => {
    const lines = backfillChatTable(report).split('\n');
    expect(lines[0]).toMatch(/^chat +state +pages +messages +oldest reached +reason$/);
    expect(lines[1]).toMatch(/^a@s\.whatsapp\.net +done +5 +930 +2025-11-01T00:00:00\.000Z +history exhausted/);
    expect(lines[2]).toMatch(/^b@g\.us +waiting +4 +720 +-$/);
  });
});
