import { PollingLoop } from './polling-loop';

describe('PollingLoop', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const settle = async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };

  it('runs one pass per pause, doubles the pause while passes fail, and resets after one works', async () => {
    const outcomes = [false, false, true, true];
    const ranAt: number[] = [];
    const warnings: string[] = [];
    const loop = new PollingLoop('test', async () => {
      ranAt.push(Date.now());
      if (!outcomes.shift()) throw new Error('database down');
    }, 100, 1000, { warn: (message) => warnings.push(message) });
    const start = Date.now();
    loop.start();
    for (let i = 0; i < 4; i++) {
      jest.advanceTimersToNextTimer();
      await settle();
    }
    await loop.stop();
    expect(ranAt.map((at) => at - start)).toEqual([100, 300, 700, 800]); // pauses 100, 200, 400, then 100 again
    expect(warnings).toEqual(['test pass failed, trying again: database down', 'test pass failed, trying again: database down']);
  });

  it('stop waits for the pass in progress and schedules no other', async () => {
    let finish!: () => void;
    let passes = 0;
    const loop = new PollingLoop('test', () => {
      passes++;
      return new Promise<void>((resolve) => (finish = resolve));
    }, 10, 100, { warn: () => undefined });
    loop.start();
    jest.advanceTimersByTime(10);
    let stopped = false;
    const stopping = loop.stop().then(() => (stopped = true));
    await settle();
    expect(stopped).toBe(false);
    finish();
    await stopping;
    jest.advanceTimersByTime(1000);
    expect(passes).toBe(1);
  });
});
