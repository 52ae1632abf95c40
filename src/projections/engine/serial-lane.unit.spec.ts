import { SerialLane } from './serial-lane';

describe('SerialLane', () => {
  const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('runs one piece at a time, in the order handed in', async () => {
    const lane = new SerialLane();
    const events: string[] = [];
    const piece = (name: string, ms: number) => lane.run(async () => {
      events.push(`${name} start`);
      await tick(ms);
      events.push(`${name} end`);
      return name;
    });
    expect(await Promise.all([piece('a', 20), piece('b', 1), piece('c', 5)])).toEqual(['a', 'b', 'c']);
    expect(events).toEqual(['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
  });

  it('goes on after a failed piece, and hands the failure to its caller only', async () => {
    const lane = new SerialLane();
    const failed = lane.run(async () => {
      throw new Error('boom');
    });
    const next = lane.run(async () => 'next');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next');
  });
});
