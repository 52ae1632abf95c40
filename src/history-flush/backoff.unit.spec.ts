import { nextAttemptAt } from './backoff';

const options = { baseMs: 1000, maxMs: 60_000 };
const far = Number.MAX_SAFE_INTEGER;

describe('nextAttemptAt', () => {
  it('doubles the ceiling per attempt and jitters between half and all of it', () => {
    expect(nextAttemptAt(1, 0, far, options, () => 0)).toBe(500);
    expect(nextAttemptAt(1, 0, far, options, () => 1)).toBe(1000);
    expect(nextAttemptAt(2, 0, far, options, () => 1)).toBe(2000);
    expect(nextAttemptAt(4, 0, far, options, () => 0)).toBe(4000);
  });

  it('never waits longer than the maximum, however many attempts', () => {
    expect(nextAttemptAt(10, 0, far, options, () => 1)).toBe(60_000);
    expect(nextAttemptAt(5000, 0, far, options, () => 1)).toBe(60_000);
  });

  it('gives up when the next attempt would fall past the deadline', () => {
    expect(nextAttemptAt(1, 10_000, 10_999, options, () => 1)).toBeUndefined();
    expect(nextAttemptAt(1, 10_000, 11_001, options, () => 1)).toBe(11_000);
  });

  it('spreads retries of jobs that failed together', () => {
    const delays = new Set(Array.from({ length: 50 }, () => nextAttemptAt(3, 0, far, options)));
    expect(delays.size).toBeGreaterThan(40);
    for (const delay of delays) expect(delay).toBeGreaterThanOrEqual(2000);
  });
});
