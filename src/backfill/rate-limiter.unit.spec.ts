import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  it('allows a second of requests per instance at once, then spaces them', () => {
    let now = 0;
    const limiter = new RateLimiter(2, 100, () => now);
    expect([limiter.take('a'), limiter.take('a')]).toEqual([0, 0]);
    expect(limiter.take('a')).toBe(500);
    now = 500;
    expect(limiter.take('a')).toBe(0);
  });

  it('caps all instances together', () => {
    let now = 0;
    const limiter = new RateLimiter(10, 3, () => now);
    expect([limiter.take('a'), limiter.take('b'), limiter.take('c')]).toEqual([0, 0, 0]);
    expect(limiter.take('d')).toBeGreaterThan(0);
    now = 1000;
    expect(limiter.take('d')).toBe(0);
  });
});
