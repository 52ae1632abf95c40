import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryRunner } from 'typeorm';
import { quoteIdentifier, Sql, SqlTransaction } from './sql';

/**
 * The one way into Postgres: single statements, transactions, and transactions whose unqualified
 * table names resolve in another schema first (a rebuild's shadow tables). Rows come back for
 * every kind of statement (TypeORM's plain query hands back [rows, count] for UPDATE/DELETE).
 */
@Injectable()
export class SqlExecutor implements Sql {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async query<T = Record<string, unknown>>(text: string, values: unknown[] = []): Promise<T[]> {
    const runner = this.dataSource.createQueryRunner();
    try {
      return await rowsOf<T>(runner, text, values);
    } finally {
      await runner.release();
    }
  }

  /** Commits when `work` resolves (unless it called discard()), rolls back when it throws. */
  transaction<T>(work: (sql: SqlTransaction) => Promise<T>): Promise<T> {
    return this.run(undefined, work);
  }

  /**
   * A transaction with `schema` ahead of public on the search path, set for this transaction only
   * (SET LOCAL): the statements stay the same whichever schema they write to.
   */
  inSchema<T>(schema: string, work: (sql: SqlTransaction) => Promise<T>): Promise<T> {
    return this.run(schema, work);
  }

  private async run<T>(schema: string | undefined, work: (sql: SqlTransaction) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    let discarded = false;
    const sql: SqlTransaction = {
      query: (text, values = []) => rowsOf(runner, text, values),
      savepoint: (name, savepointWork) => underSavepoint(runner, quoteIdentifier(name), savepointWork),
      discard: () => (discarded = true),
    };
    try {
      await runner.startTransaction();
      if (schema !== undefined) await runner.query(`SET LOCAL search_path TO ${quoteIdentifier(schema)}, public`);
      const result = await work(sql);
      if (discarded) await runner.rollbackTransaction();
      else await runner.commitTransaction();
      return result;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }
}

async function rowsOf<T>(runner: QueryRunner, text: string, values: unknown[]): Promise<T[]> {
  return (await runner.query(text, values, true)).records as T[];
}

async function underSavepoint<T>(runner: QueryRunner, name: string, work: () => Promise<T>): Promise<T> {
  await runner.query(`SAVEPOINT ${name}`);
  try {
    return await work();
  } catch (error) {
    // The work's error is the one worth reporting, even when the connection is gone and this fails too.
    await runner.query(`ROLLBACK TO SAVEPOINT ${name}`).catch(() => undefined);
    throw error;
  }
}
