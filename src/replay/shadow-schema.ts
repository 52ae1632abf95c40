import { quoteIdentifier } from '../database/sql';
import { SqlExecutor } from '../database/sql-executor';

/**
 * A rebuild writes into a schema of its own holding empty copies of the projection's tables and
 * its own checkpoints, so the live tables keep serving (and stay untouched if the rebuild dies).
 */
export function shadowSchemaName(projection: string): string {
  return `rebuild_${projection.replace(/[^a-z0-9_]/gi, '_')}`;
}

export async function createShadowSchema(sql: SqlExecutor, schema: string, tables: readonly string[]): Promise<void> {
  await sql.transaction(async (transaction) => {
    await transaction.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`); // a rebuild that died earlier
    await transaction.query(`CREATE SCHEMA ${quoteIdentifier(schema)}`);
    for (const table of [...tables, 'projection_checkpoints']) {
      await transaction.query(`CREATE TABLE ${quoteIdentifier(schema)}.${quoteIdentifier(table)} (LIKE public.${quoteIdentifier(table)} INCLUDING ALL)`);
    }
  });
}

export async function dropShadowSchema(sql: SqlExecutor, schema: string): Promise<void> {
  await sql.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`);
}
