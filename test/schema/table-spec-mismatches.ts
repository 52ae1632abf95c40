import { Client } from 'pg';
import { isNullable, keyColumns, PgType, TableSpec } from '../../src/projections/upsert/table-spec';

/** One column of a table as the migrations left it (pg_catalog). */
export interface MigratedColumn {
  name: string;
  /** pg_type.typname: `int4`, `timestamptz`… */
  typeName: string;
  /** format_type: what a mismatch message shows (`integer`, `timestamp with time zone`…). */
  typeDisplay: string;
  nullable: boolean;
  inPrimaryKey: boolean;
}

/** The typname each PgType of a TableSpec stands for. */
const TYPE_NAMES: Readonly<Record<PgType, string>> = {
  text: 'text',
  boolean: 'bool',
  timestamptz: 'timestamptz',
  jsonb: 'jsonb',
  integer: 'int4',
  bigint: 'int8',
};

/** The columns of `public.<table>` (none if the table does not exist), in column order. */
export async function readMigratedTable(client: Client, table: string): Promise<MigratedColumn[]> {
  const { rows } = await client.query<MigratedColumn>(
    `SELECT a.attname AS "name", t.typname AS "typeName", format_type(a.atttypid, a.atttypmod) AS "typeDisplay",
            NOT a.attnotnull AS "nullable",
            EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary AND a.attnum = ANY (i.indkey)) AS "inPrimaryKey"
     FROM pg_class c
     JOIN pg_namespace n ON n.oid = c.relnamespace
     JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
     JOIN pg_type t ON t.oid = a.atttypid
     WHERE n.nspname = 'public' AND c.relname = $1 AND c.relkind = 'r'
     ORDER BY a.attnum`,
    [table],
  );
  return rows;
}

/**
 * Every way `spec` and the migrated table disagree, one message each naming the table, the
 * column and both sides; empty when they agree on every column's name, type, nullability and the
 * primary key (which is also the upsert's ON CONFLICT target).
 */
export function tableSpecMismatches(spec: TableSpec, migrated: MigratedColumn[]): string[] {
  if (migrated.length === 0) return [`${spec.table}: no such table in the migrated database`];
  const byName = new Map(migrated.map((column) => [column.name, column]));
  const mismatches: string[] = [];
  for (const column of spec.columns) {
    const actual = byName.get(column.name);
    const where = `${spec.table}.${column.name}`;
    if (!actual) {
      mismatches.push(`${where}: in the TableSpec, not in the table`);
      continue;
    }
    if (TYPE_NAMES[column.type] !== actual.typeName) mismatches.push(`${where}: type is ${column.type} in the TableSpec, ${actual.typeDisplay} in the table`);
    if (isNullable(column) !== actual.nullable) mismatches.push(`${where}: ${nullability(isNullable(column))} in the TableSpec, ${nullability(actual.nullable)} in the table`);
  }
  const specified = new Set(spec.columns.map((column) => column.name));
  for (const column of migrated) if (!specified.has(column.name)) mismatches.push(`${spec.table}.${column.name}: in the table, not in the TableSpec`);
  const specKey = keyColumns(spec).map((column) => column.name).sort();
  const tableKey = migrated.filter((column) => column.inPrimaryKey).map((column) => column.name).sort();
  if (specKey.join() !== tableKey.join()) mismatches.push(`${spec.table}: primary key is (${specKey.join(', ')}) in the TableSpec, (${tableKey.join(', ')}) in the table`);
  return mismatches;
}

const nullability = (nullable: boolean) => (nullable ? 'nullable' : 'NOT NULL');
