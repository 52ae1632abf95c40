import { QueryRunnerAlreadyReleasedError } from 'typeorm';
import { isTransientError } from './transient-errors';

describe('isTransientError', () => {
  it('retries what a lost or busy database says', () => {
    expect(isTransientError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isTransientError(Object.assign(new Error('terminating connection'), { code: '57P01' }))).toBe(true);
    expect(isTransientError(Object.assign(new Error('deadlock'), { code: '40P01' }))).toBe(true);
    expect(isTransientError(new Error('Connection terminated unexpectedly'))).toBe(true);
    // What TypeORM throws once a runner's connection died under it (Postgres restarting mid-batch).
    expect(isTransientError(new QueryRunnerAlreadyReleasedError())).toBe(true);
  });

  it('dead-letters what the event itself causes', () => {
    expect(isTransientError(Object.assign(new Error('invalid input syntax'), { code: '22P02' }))).toBe(false);
    expect(isTransientError(Object.assign(new Error('not null violation'), { code: '23502' }))).toBe(false);
    expect(isTransientError(new TypeError('x is undefined'))).toBe(false);
    expect(isTransientError('a string')).toBe(false);
  });
});
