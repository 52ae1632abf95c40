import { CompressionTypes, IHeaders, Kafka, Partitioners, Producer, TopicMessages } from 'kafkajs';
import { PublishFailedError, PublishFailureCode } from './publish-errors';

export interface OutgoingRecord {
  topic: string;
  key: string;
  value: Buffer;
  headers: IHeaders;
}

interface PendingRecord {
  record: OutgoingRecord;
  resolve: () => void;
  reject: (error: Error) => void;
  /** Set when the caller stopped waiting (timeout) before the record was handed to Kafka. */
  abandoned: boolean;
}

export interface BatchingProducerOptions {
  /** Upper bound of records in one produce request. */
  maxBatchRecords: number;
  /** Upper bound of value bytes in one produce request. */
  maxBatchBytes: number;
}

const DEFAULT_OPTIONS: BatchingProducerOptions = { maxBatchRecords: 1000, maxBatchBytes: 32 * 1024 * 1024 };

/**
 * Idempotent, acks=all producer that groups concurrent publish() calls into one produce request.
 *
 * kafkajs does not batch separate send() calls, and concurrent sends on an idempotent producer
 * risk out-of-order sequence errors. So exactly one request is in flight at a time and every
 * record that arrives meanwhile joins the next one: at low load a record goes out at once, under
 * load the batches grow by themselves. Each caller's promise settles only with its own record's
 * acknowledgement. A failed request replaces the producer, so a fresh producer id starts clean
 * sequence numbers instead of colliding with a batch whose fate is unknown.
 */
export class BatchingProducer {
  private producer: Producer | undefined;
  private connecting: Promise<Producer> | undefined;
  private queue: PendingRecord[] = [];
  private draining = false;
  private closed = false;
  private readonly options: BatchingProducerOptions;

  constructor(
    private readonly kafka: Kafka,
    options: Partial<BatchingProducerOptions> = {},
  ) {
    this.options = { ...DEFAULT_OPTIONS, ...options };
  }

  /** Resolves once Kafka acknowledged the record (all in-sync replicas), or rejects. */
  publish(record: OutgoingRecord, timeoutMs: number): Promise<void> {
    if (this.closed) {
      return Promise.reject(new PublishFailedError(PublishFailureCode.BrokerUnavailable, 'producer is shut down'));
    }
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.abandoned = true;
        reject(new PublishFailedError(PublishFailureCode.Timeout, `Kafka did not acknowledge within ${timeoutMs} ms`));
      }, timeoutMs);
      const pending: PendingRecord = {
        record,
        abandoned: false,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.queue.push(pending);
      void this.drain();
    });
  }

  async connect(): Promise<void> {
    await this.currentProducer();
  }

  async close(): Promise<void> {
    this.closed = true;
    const unsent = this.queue.splice(0);
    unsent.forEach((pending) => pending.reject(new PublishFailedError(PublishFailureCode.BrokerUnavailable, 'producer is shut down')));
    const producer = this.producer;
    this.producer = undefined;
    await producer?.disconnect().catch(() => undefined);
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.takeBatch();
        if (batch.length > 0) await this.send(batch);
      }
    } finally {
      this.draining = false;
    }
  }

  private takeBatch(): PendingRecord[] {
    const batch: PendingRecord[] = [];
    let bytes = 0;
    while (this.queue.length > 0 && batch.length < this.options.maxBatchRecords) {
      const next = this.queue[0];
      if (next.abandoned) {
        this.queue.shift();
        continue;
      }
      if (batch.length > 0 && bytes + next.record.value.length > this.options.maxBatchBytes) break;
      bytes += next.record.value.length;
      batch.push(this.queue.shift()!);
    }
    return batch;
  }

  private async send(batch: PendingRecord[]): Promise<void> {
    try {
      const producer = await this.currentProducer();
      await producer.sendBatch({ topicMessages: groupByTopic(batch), acks: -1, compression: CompressionTypes.None });
      batch.forEach((pending) => pending.resolve());
    } catch (error) {
      await this.discardProducer();
      const failure = new PublishFailedError(
        PublishFailureCode.BrokerUnavailable,
        `Kafka write failed: ${(error as Error).message}`,
        error,
      );
      batch.forEach((pending) => pending.reject(failure));
    }
  }

  private currentProducer(): Promise<Producer> {
    if (this.producer) return Promise.resolve(this.producer);
    this.connecting ??= (async () => {
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        createPartitioner: Partitioners.DefaultPartitioner, // murmur2, as the Java client: keys map alike
        // Bounded so a dead broker turns into a 503 rather than a request that never ends.
        retry: { retries: 6, initialRetryTime: 100, maxRetryTime: 2000 },
      });
      try {
        await producer.connect();
        if (this.closed) {
          await producer.disconnect();
          throw new PublishFailedError(PublishFailureCode.BrokerUnavailable, 'producer is shut down');
        }
        this.producer = producer;
        return producer;
      } finally {
        this.connecting = undefined;
      }
    })();
    return this.connecting;
  }

  private async discardProducer(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.disconnect().catch(() => undefined);
  }
}

function groupByTopic(batch: PendingRecord[]): TopicMessages[] {
  const byTopic = new Map<string, TopicMessages>();
  for (const { record } of batch) {
    let entry = byTopic.get(record.topic);
    if (!entry) {
      entry = { topic: record.topic, messages: [] };
      byTopic.set(record.topic, entry);
    }
    entry.messages.push({ key: record.key, value: record.value, headers: record.headers });
  }
  return [...byTopic.values()];
}
