import { renderProgressBar } from '../replay/progress';
import { BackfillReport } from './backfill-report';


/**
 * One line for a backfill: chats finished of all, as a bar, with an ETA extrapolated from how
 * long the finished ones took (a walk's length is unknown until its history ends), and totals.
 */
export function backfillProgressLine(report: BackfillReport, now = Date.now()): string {
  const total = report.totals.chats;
  const done = total - report.totals.ready - report.totals.waiting;
  const seconds = Math.max((now - new Date(report.createdAt).getTime()) / 1000, 0.001);
  const rate = done / seconds;
  const etaSeconds = done === total ? 0 : done > 0 ? Math.ceil((total - done) / rate) : undefined;
  const bar = renderProgressBar({ projection: 'backfill', done, total, eventsPerSecond: Math.round(rate * 100) / 100, etaSeconds }, 30, { name: 'chats', rate: 'chats/s' });
  return `${bar}  pages ${report.totals.pages}  messages ${report.totals.messages.toLocaleString('en-US')}  (${report.state})`;
}

/** Per chat: state, pages, messages, oldest time reached and why it stopped. */
export function backfillChatTable(report: BackfillReport): string {
  const header = ['chat', 'state', 'pages', 'messages', 'oldest reached', 'reason'];
  const rows = report.chats.map((chat) => [chat.chatId, chat.state, String(chat.pages), String(chat.messages), chat.oldestTimeReached ?? '-', chat.reason ?? '']);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  return [header, ...rows].map((row) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd()).join('\n');
}
