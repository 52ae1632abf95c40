/** How statements reach Postgres: the rows any statement returns (RETURNING included). */
export interface Sql {
  query<T = Record<string, unknown>>(text: string, values?: unknown[]): Promise<T[]>;
}

/** Statements inside one transaction, on one connection. */
export interface SqlTransaction extends Sql {
  /**
   * Runs `work` under a savepoint: when it throws, the transaction goes back to the savepoint
   * (and stays usable) and the error is rethrown. A savepoint that was not needed is left to the
   * commit rather than released: a RELEASE would cost a round trip and change nothing.
   */
  savepoint<T>(name: string, work: () => Promise<T>): Promise<T>;
  /** Ends the transaction with a rollback instead of a commit once the work returns. */
  discard(): void;
}

/** A Postgres identifier (table, schema, database name) quoted for use in statement text. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
