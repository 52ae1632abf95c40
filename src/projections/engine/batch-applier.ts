import { Injectable } from '@nestjs/common';
import { KafkaMessage } from 'kafkajs';
import { SqlTransaction } from '../../database/sql';
import { SqlExecutor } from '../../database/sql-executor';
import { isTransientError } from '../../database/transient-errors';
import { advanceCheckpoint, lockCheckpoint } from './checkpoints';
import { DeadLetter, DeadLetters } from './dead-letters';
import { DecodedBatch, reasonOf } from './decode-batch';
import { ApplyContext, Projection } from './projection';

export interface BatchTarget {
  /** Postgres schema to write into (a rebuild's shadow schema); default: the live tables. */
  schema?: string;
  replaying: boolean;
  /** Only this instance's events are applied (others still move the checkpoint). */
  instanceId?: string;
  /** Offsets at and beyond this bound are left alone (a bounded rebuild). */
  stopAt?: bigint;
  /** Accept a batch that starts after the checkpoint (records that no longer exist). */
  allowGap?: boolean;
}

export interface BatchOutcome {
  applied: number;
  skipped: number;
  deadLettered: number;
  /** Set when the batch started after the checkpoint: the consumer must seek back to it. */
  seekTo?: bigint;
}

interface DecodedEvent {
  message: KafkaMessage;
  changes: unknown[];
}

/**
 * Writes one decoded partition batch of one projection in one Postgres transaction: lock the
 * checkpoint, skip what it already covers, apply set-based, dead-letter what cannot be handled,
 * move the checkpoint, commit. A crash anywhere before the commit leaves nothing; after it, the
 * checkpoint already covers the batch, so a redelivery is skipped.
 */
@Injectable()
export class BatchApplier {
  constructor(
    private readonly sql: SqlExecutor,
    private readonly deadLetters: DeadLetters,
  ) {}

  async write(projection: Projection, batch: DecodedBatch, target: BatchTarget): Promise<BatchOutcome> {
    const work = (sql: SqlTransaction) => this.writeIn(sql, projection, batch, target);
    return target.schema === undefined ? this.sql.transaction(work) : this.sql.inSchema(target.schema, work);
  }

  private async writeIn(sql: SqlTransaction, projection: Projection, batch: DecodedBatch, target: BatchTarget): Promise<BatchOutcome> {
    const { topic, partition, messages } = batch;
    const nextOffset = await lockCheckpoint(sql, projection.name, topic, partition);
    const bounded = target.stopAt === undefined ? messages : messages.filter((message) => BigInt(message.offset) < target.stopAt!);
    const fresh = bounded.filter((message) => BigInt(message.offset) >= nextOffset);
    if (fresh.length === 0) {
      sql.discard();
      return { applied: 0, skipped: messages.length, deadLettered: 0 };
    }
    if (BigInt(fresh[0].offset) > nextOffset && !target.allowGap) {
      // The consumer is ahead of the stored checkpoint (e.g. a rebuild swapped in older
      // checkpoints): applying would skip records, so go back instead.
      sql.discard();
      return { applied: 0, skipped: messages.length, deadLettered: 0, seekTo: nextOffset };
    }

    const lastOffset = BigInt(fresh[fresh.length - 1].offset);
    const considered = batch.records.filter((record) => record.offset >= nextOffset && record.offset <= lastOffset);
    const letters: DeadLetter[] = [];
    const decoded: DecodedEvent[] = [];
    for (const record of considered) {
      if ('changes' in record) decoded.push(record);
      else letters.push({ projection: projection.name, topic, partition, message: record.message, reason: record.poisonReason });
    }
    const context: ApplyContext = { sql, replaying: target.replaying };
    letters.push(...(await this.applyIsolatingFailures(sql, projection, decoded, context, topic, partition)));

    if (letters.length > 0) await this.deadLetters.send(letters);
    await advanceCheckpoint(sql, projection.name, topic, partition, lastOffset + 1n);
    return { applied: considered.length - letters.length, skipped: messages.length - considered.length, deadLettered: letters.length };
  }

  /**
   * Applies the whole batch at once; if that fails for a reason other than a transient one, finds
   * the culprit(s) by applying event by event, each under its own savepoint.
   */
  private async applyIsolatingFailures(
    sql: SqlTransaction,
    projection: Projection,
    decoded: DecodedEvent[],
    context: ApplyContext,
    topic: string,
    partition: number,
  ): Promise<DeadLetter[]> {
    const all = decoded.flatMap((event) => event.changes);
    if (all.length === 0) return [];
    try {
      await sql.savepoint('projection_batch', () => projection.apply(all, context));
      return [];
    } catch (error) {
      if (isTransientError(error)) throw error;
    }
    const letters: DeadLetter[] = [];
    for (const event of decoded) {
      if (event.changes.length === 0) continue;
      try {
        await sql.savepoint('projection_event', () => projection.apply(event.changes, context));
      } catch (error) {
        if (isTransientError(error)) throw error;
        letters.push({ projection: projection.name, topic, partition, message: event.message, reason: reasonOf(error) });
      }
    }
    return letters;
  }
}
