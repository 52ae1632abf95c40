import type { Kafka, ProducerBatch } from 'kafkajs';
import { BatchingProducer, OutgoingRecord } from './batching-producer';
import { PublishFailedError, PublishFailureCode } from './publish-errors';

/** A stand-in for kafkajs whose produce requests complete only when the test says so. */
class ScriptedKafka {
  readonly requests: { batch: ProducerBatch; complete: () => void; fail: (error: Error) => void }[] = [];
  producersCreated = 0;

  producer() {
    this.producersCreated += 1;
    return {
      connect: async () => undefined,
      disconnect: async () => undefined,
      sendBatch: (batch: ProducerBatch) =>
        new Promise((resolve, reject) => {
          this.requests.push({ batch, complete: () => resolve([]), fail: reject });
        }),
    };
  }
}

const record = (n: number, topic = 't.messages'): OutgoingRecord => ({
  topic,
  key: `ins_${n % 2}`,
  value: Buffer.from(`{"n":${n}}`),
  headers: { n: String(n) },
});
const flush = () => new Promise((resolve) => setImmediate(resolve));
const valuesOf = (batch: ProducerBatch) => batch.topicMessages!.flatMap((t) => t.messages.map((m) => String(m.value)));

describe('BatchingProducer', () => {
  let kafka: ScriptedKafka;
  let producer: BatchingProducer;

  beforeEach(() => {
    kafka = new ScriptedKafka();
    producer = new BatchingProducer(kafka as unknown as Kafka, { maxBatchRecords: 3 });
  });

  it('keeps one request in flight and groups records arriving meanwhile into the next', async () => {
    const settled: number[] = [];
    const calls = [0, 1, 2, 3].map((n) => producer.publish(record(n), 5000).then(() => settled.push(n)));
    await flush();
    expect(kafka.requests).toHaveLength(1);
    expect(valuesOf(kafka.requests[0].batch)).toEqual(['{"n":0}']);

    kafka.requests[0].complete();
    await flush();
    expect(settled).toEqual([0]);
    expect(kafka.requests).toHaveLength(2);
    expect(valuesOf(kafka.requests[1].batch)).toEqual(['{"n":1}', '{"n":2}', '{"n":3}']);
    expect(kafka.requests[1].batch.acks).toBe(-1);

    kafka.requests[1].complete();
    await Promise.all(calls);
    expect(settled).toEqual([0, 1, 2, 3]);
  });

  it('splits a burst by maxBatchRecords and groups messages by topic', async () => {
    const first = producer.publish(record(0), 5000);
    const rest = [1, 2, 3, 4].map((n) => producer.publish(record(n, n % 2 ? 't.chats' : 't.messages'), 5000));
    await flush();
    kafka.requests[0].complete();
    await flush();
    const second = kafka.requests[1].batch.topicMessages!;
    expect(second.map((t) => t.topic).sort()).toEqual(['t.chats', 't.messages']);
    expect(valuesOf(kafka.requests[1].batch)).toHaveLength(3);
    kafka.requests[1].complete();
    await flush();
    expect(valuesOf(kafka.requests[2].batch)).toEqual(['{"n":4}']);
    kafka.requests[2].complete();
    await Promise.all([first, ...rest]);
  });

  it('rejects every record of a failed request and starts a new producer for the next', async () => {
    const doomed = producer.publish(record(0), 5000);
    await flush();
    kafka.requests[0].fail(new Error('broker gone'));
    await expect(doomed).rejects.toMatchObject({ code: PublishFailureCode.BrokerUnavailable });

    const next = producer.publish(record(1), 5000);
    await flush();
    expect(kafka.producersCreated).toBe(2);
    kafka.requests[1].complete();
    await expect(next).resolves.toBeUndefined();
  });

  it('times out a record that waited too long and never sends it afterwards', async () => {
    const inFlight = producer.publish(record(0), 5000);
    const waiting = producer.publish(record(1), 20);
    await expect(waiting).rejects.toBeInstanceOf(PublishFailedError);
    await expect(waiting).rejects.toMatchObject({ code: PublishFailureCode.Timeout });

    kafka.requests[0].complete();
    await inFlight;
    await flush();
    expect(kafka.requests).toHaveLength(1);
  });

  it('refuses new records after close', async () => {
    await producer.close();
    await expect(producer.publish(record(0), 100)).rejects.toMatchObject({ code: PublishFailureCode.BrokerUnavailable });
  });
});
