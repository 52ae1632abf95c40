import { Sql } from '../../database/sql';
import { foldPatches } from './merge-patches';
import { keyOf, RowPatch, TableSpec } from './table-spec';
import { buildUpsert } from './upsert-sql';

/** A read-model table written only through order-independent, set-based upserts. */
export class VersionedTable {
  constructor(readonly spec: TableSpec) {}

  get name(): string {
    return this.spec.table;
  }

  /** Folds the patches per row, then writes them all in one statement. */
  async upsert(sql: Sql, patches: RowPatch[]): Promise<void> {
    if (patches.length === 0) return;
    // Rows in key order: concurrent batches touching the same rows lock them in the same order (no deadlock).
    const rows = foldPatches(this.spec, patches)
      .map((row) => ({ row, key: keyOf(this.spec, row) }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .map(({ row }) => row);
    const { text, values } = buildUpsert(this.spec, rows);
    await sql.query(text, values);
  }

  /** A stored row as a patch (timestamps back to ISO strings), e.g. to merge it into another row. */
  rowToPatch(row: Record<string, unknown>): RowPatch {
    const patch: RowPatch = {};
    for (const column of this.spec.columns) {
      const value = row[column.name];
      patch[column.name] = value instanceof Date ? value.toISOString() : value;
    }
    return patch;
  }
}
