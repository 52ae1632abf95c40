import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { KafkaMessage } from 'kafkajs';
import { DataSource, QueryRunner } from 'typeorm';
import { advanceCheckpoint, lockCheckpoint } from './checkpoints';
import { DeadLetter, DeadLetters } from './dead-letters';
import { DecodedBatch, reasonOf } from './decode-batch';
import { ApplyContext, Projection, Sql } from './projection';
import { isTransientError } from './transient-errors';

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
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly deadLetters: DeadLetters,
  ) {}

  async write(projection: Projection, batch: DecodedBatch, target: BatchTarget): Promise<BatchOutcome> {
    const { topic, partition, messages } = batch;
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const sql = asSql(runner);
      if (target.schema) await runner.query(`SET LOCAL search_path TO "${target.schema}", public`);
      const nextOffset = await lockCheckpoint(sql, projection.name, topic, partition);
      const bounded = target.stopAt === undefined ? messages : messages.filter((message) => BigInt(message.offset) < target.stopAt!);
      const fresh = bounded.filter((message) => BigInt(message.offset) >= nextOffset);
      if (fresh.length === 0) {
        await runner.rollbackTransaction();
        return { applied: 0, skipped: messages.length, deadLettered: 0 };
      }
      if (BigInt(fresh[0].offset) > nextOffset && !target.allowGap) {
        // The consumer is ahead of the stored checkpoint (e.g. a rebuild swapped in older
        // checkpoints): applying would skip records, so go back instead.
        await runner.rollbackTransaction();
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
      letters.push(...(await this.applyIsolatingFailures(runner, projection, decoded, context, topic, partition)));

      if (letters.length > 0) await this.deadLetters.send(letters);
      await advanceCheckpoint(sql, projection.name, topic, partition, lastOffset + 1n);
      await runner.commitTransaction();
      return { applied: considered.length - letters.length, skipped: messages.length - considered.length, deadLettered: letters.length };
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  /**
   * Applies the whole batch at once; if that fails for a reason other than a transient one, finds
   * the culprit(s) by applying event by event, each under its own savepoint.
   */
  private async applyIsolatingFailures(
    runner: QueryRunner,
    projection: Projection,
    decoded: DecodedEvent[],
    context: ApplyContext,
    topic: string,
    partition: number,
  ): Promise<DeadLetter[]> {
    const all = decoded.flatMap((event) => event.changes);
    if (all.length === 0) return [];
    await runner.query('SAVEPOINT projection_batch');
    try {
      await projection.apply(all, context);
      return [];
    } catch (error) {
      if (isTransientError(error)) throw error;
      await runner.query('ROLLBACK TO SAVEPOINT projection_batch');
    }
    const letters: DeadLetter[] = [];
    for (const event of decoded) {
      if (event.changes.length === 0) continue;
      await runner.query('SAVEPOINT projection_event');
      try {
        await projection.apply(event.changes, context);
        await runner.query('RELEASE SAVEPOINT projection_event');
      } catch (error) {
        if (isTransientError(error)) throw error;
        await runner.query('ROLLBACK TO SAVEPOINT projection_event');
        letters.push({ projection: projection.name, topic, partition, message: event.message, reason: reasonOf(error) });
      }
    }
    return letters;
  }
}

/** Rows of any statement (TypeORM returns [rows, count] for UPDATE/DELETE unless asked for a structured result). */
export function asSql(runner: QueryRunner): Sql {
  return { query: async (text, values) => (await runner.query(text, values, true)).records };
}
