import { ColumnSpec, keyColumns, RowPatch, TableSpec } from './table-spec';

export interface SqlStatement {
  text: string;
  values: unknown[];
}

/**
 * One INSERT … SELECT FROM unnest(…) ON CONFLICT DO UPDATE for a whole batch: a single round
 * trip however many rows. Table names are unqualified on purpose: a rebuild points search_path
 * at a shadow schema and the same statement fills the shadow tables.
 */
export function buildUpsert(spec: TableSpec, rows: RowPatch[]): SqlStatement {
  const columns = spec.columns;
  const names = columns.map((column) => quote(column.name));
  const arrays = columns.map((column) => rows.map((row) => toParameter(column, row[column.name])));
  const unnestArgs = columns.map((column, i) => `$${i + 1}::${arrayType(column)}`).join(', ');
  const selected = columns.map((column) => selectExpression(column)).join(', ');
  const updates = columns
    .filter((column) => column.merge.kind !== 'key')
    .map((column) => `${quote(column.name)} = ${updateExpression(column)}`)
    .join(',\n      ');
  const text = `
    INSERT INTO ${quote(spec.table)} AS t (${names.join(', ')})
    SELECT ${selected}
    FROM unnest(${unnestArgs}) AS u(${names.join(', ')})
    ON CONFLICT (${keyColumns(spec).map((column) => quote(column.name)).join(', ')}) DO UPDATE SET
      ${updates}`;
  return { text, values: arrays };
}

function selectExpression(column: ColumnSpec): string {
  const raw = column.type === 'jsonb' ? `u.${quote(column.name)}::jsonb` : `u.${quote(column.name)}`;
  return column.default === undefined ? raw : `COALESCE(${raw}, ${literal(column)})`;
}

function updateExpression(column: ColumnSpec): string {
  const current = `t.${quote(column.name)}`;
  const incoming = `EXCLUDED.${quote(column.name)}`;
  switch (column.merge.kind) {
    case 'versioned': {
      const by = quote(column.merge.by);
      return `CASE WHEN EXCLUDED.${by} IS NOT NULL AND (t.${by} IS NULL OR EXCLUDED.${by} >= t.${by}) THEN ${incoming} ELSE ${current} END`;
    }
    case 'greatest':
      return `GREATEST(${current}, ${incoming})`;
    case 'least':
      return `LEAST(${current}, ${incoming})`;
    case 'or':
      // NULL never wins: "true once seen" whether or not the column has a default.
      return `(COALESCE(${current}, false) OR COALESCE(${incoming}, false))`;
    case 'keepFirst':
      return `COALESCE(${current}, ${incoming})`;
    case 'jsonLatestByKey':
      return `wsapi_merge_latest_by_key(${current}, ${incoming})`;
    case 'key':
      throw new Error('key columns are never updated');
  }
}

function toParameter(column: ColumnSpec, value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (column.type === 'jsonb') return JSON.stringify(value);
  return value;
}

function arrayType(column: ColumnSpec): string {
  return column.type === 'jsonb' ? 'text[]' : `${column.type}[]`;
}

function literal(column: ColumnSpec): string {
  const value = column.default;
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  if (column.type === 'jsonb') return `'${JSON.stringify(value).replace(/'/g, "''")}'::jsonb`;
  return `'${String(value).replace(/'/g, "''")}'`;
}

export function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}
