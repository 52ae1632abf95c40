import { parseArguments } from './backfill.cli';

describe('backfill CLI arguments', () => {
  it('starts for an instance, with chats, until and max', () => {
    expect(parseArguments(['ins_1', '--chat', 'a@g.us', '--chat', 'b@s.whatsapp.net', '--until', '2025-01-01T00:00:00Z', '--max', '500'])).toEqual({
      kind: 'start',
      instanceId: 'ins_1',
      request: { chatIds: ['a@g.us', 'b@s.whatsapp.net'], until: '2025-01-01T00:00:00Z', maxMessagesPerChat: 500 },
      follow: true,
    });
    expect(parseArguments(['ins_1', '--no-follow'])).toMatchObject({ kind: 'start', request: {}, follow: false });
  });

  it('shows or cancels a backfill', () => {
    expect(parseArguments(['--status', 'b1'])).toEqual({ kind: 'status', backfillId: 'b1' });
    expect(parseArguments(['--cancel', 'b1'])).toEqual({ kind: 'cancel', backfillId: 'b1' });
  });

  it('explains what is wrong', () => {
    expect(parseArguments([])).toMatch(/^usage:/);
    expect(parseArguments(['ins_1', '--max', 'lots'])).toMatch(/invalid options: .*maxMessagesPerChat/);
    expect(parseArguments(['ins_1', '--until', 'soon'])).toMatch(/invalid options: .*until/);
    expect(parseArguments(['ins_1', '--fast'])).toBe('unknown option --fast');
    expect(parseArguments(['--cancel'])).toBe('--cancel needs a backfill id');
  });
});
