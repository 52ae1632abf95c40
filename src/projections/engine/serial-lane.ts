/**
 * Runs async work one piece at a time, in the order it was handed in. A projection decodes
 * several partitions' batches at once (CPU, overlapping with Postgres), but writes them one
 * transaction after another, exactly as a single-partition consumer would.
 */
export class SerialLane {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work);
    // The next piece waits for this one to settle, whether it succeeded or not.
    this.tail = result.catch(() => undefined);
    return result;
  }
}
