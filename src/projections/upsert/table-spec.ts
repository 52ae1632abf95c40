/**
 * Declarative description of a read-model table, from which both the in-memory merge of a batch
 * and the SQL upsert are derived — so the two can never disagree, and the final row never
 * depends on the order events arrived in.
 */
export type PgType = 'text' | 'boolean' | 'timestamptz' | 'jsonb' | 'integer' | 'bigint';

export type MergeRule =
  /** Part of the primary key. */
  | { kind: 'key' }
  /** Taken from whichever change has the newer `by` version (ties: the later change wins). */
  | { kind: 'versioned'; by: string }
  /** A version column: the greatest seen. */
  | { kind: 'greatest' }
  | { kind: 'least' }
  /** Once true, stays true (deletions, "seen live"). */
  | { kind: 'or' }
  /** The first non-null value is kept (immutable facts such as a message's author). */
  | { kind: 'keepFirst' }
  /** A JSON object merged key by key: per key, the entry with the greater `at` wins. */
  | { kind: 'jsonLatestByKey' };

export interface ColumnSpec {
  name: string;
  type: PgType;
  merge: MergeRule;
  /** Value stored when no change ever provided one (columns that are NOT NULL). */
  default?: unknown;
  /**
   * NOT NULL although it has no default: every change provides it. Key columns and columns with
   * a default are NOT NULL anyway (see `isNullable`); the schema spec compares this with the table.
   */
  notNull?: true;
}

export interface TableSpec {
  table: string;
  columns: ColumnSpec[];
}

/** One change to one row: only the columns it knows about; a versioned group is all or nothing. */
export type RowPatch = Record<string, unknown>;

/** Whether the table's column accepts NULL: not for key columns, columns with a default, or `notNull` ones. */
export const isNullable = (column: ColumnSpec) => column.merge.kind !== 'key' && column.default === undefined && column.notNull !== true;

export const keyColumns = (spec: TableSpec) => spec.columns.filter((column) => column.merge.kind === 'key');

export function keyOf(spec: TableSpec, patch: RowPatch): string {
  return JSON.stringify(keyColumns(spec).map((column) => patch[column.name]));
}
