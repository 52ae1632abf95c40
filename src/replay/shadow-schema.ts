import { DataSource } from 'typeorm';
import { quote } from '../projections/upsert/upsert-sql';

/**
 * A rebuild writes into a schema of its own holding empty copies of the projection's tables and
 * its own checkpoints, so the live tables keep serving (and stay untouched if the rebuild dies).
 */
export function shadowSchemaName(projection: string): string {
  return `rebuild_${projection.replace(/[^a-z0-9_]/gi, '_')}`;
}

export async function createShadowSchema(dataSource: DataSource, schema: string, tables: readonly string[]): Promise<void> {
  await dataSource.transaction(async (manager) => {
    await manager.query(`DROP SCHEMA IF EXISTS ${quote(schema)} CASCADE`); // a rebuild that died earlier
    await manager.query(`CREATE SCHEMA ${quote(schema)}`);
    for (const table of [...tables, 'projection_checkpoints']) {
      await manager.query(`CREATE TABLE ${quote(schema)}.${quote(table)} (LIKE public.${quote(table)} INCLUDING ALL)`);
    }
  });
}

export async function dropShadowSchema(dataSource: DataSource, schema: string): Promise<void> {
  await dataSource.query(`DROP SCHEMA IF EXISTS ${quote(schema)} CASCADE`);
}
