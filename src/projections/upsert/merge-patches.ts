import { ColumnSpec, RowPatch, TableSpec, keyOf } from './table-spec';

/** Merges `later` into `earlier` with exactly the rules the SQL upsert applies. */
export function mergePatch(spec: TableSpec, earlier: RowPatch, later: RowPatch): RowPatch {
  const merged: RowPatch = { ...earlier };
  const takeLaterGroup = new Map<string, boolean>();
  const laterWins = (versionColumn: string) => {
    let wins = takeLaterGroup.get(versionColumn);
    if (wins === undefined) {
      const incoming = later[versionColumn];
      const current = earlier[versionColumn];
      wins = isSet(incoming) && (!isSet(current) || compare(incoming, current) >= 0);
      takeLaterGroup.set(versionColumn, wins);
    }
    return wins;
  };
  for (const column of spec.columns) {
    merged[column.name] = mergeValue(column, earlier[column.name], later[column.name], laterWins);
  }
  return merged;
}

function mergeValue(column: ColumnSpec, current: unknown, incoming: unknown, laterWins: (by: string) => boolean): unknown {
  switch (column.merge.kind) {
    case 'key':
      return current ?? incoming;
    case 'versioned':
      return laterWins(column.merge.by) ? incoming ?? null : current;
    case 'greatest':
      return pick(current, incoming, (a, b) => (compare(a, b) >= 0 ? a : b));
    case 'least':
      return pick(current, incoming, (a, b) => (compare(a, b) <= 0 ? a : b));
    case 'or':
      return Boolean(current) || Boolean(incoming);
    case 'keepFirst':
      return isSet(current) ? current : incoming;
    case 'jsonLatestByKey':
      return pick(current, incoming, (a, b) => mergeLatestByKey(a as JsonEntries, b as JsonEntries));
  }
}

type JsonEntries = Record<string, { at: string } & Record<string, unknown>>;

/** Per key, the entry with the greater `at` wins (ties: the incoming one), as SQL's wsapi_merge_latest_by_key. */
export function mergeLatestByKey(current: JsonEntries, incoming: JsonEntries): JsonEntries {
  const merged: JsonEntries = { ...current };
  for (const [key, entry] of Object.entries(incoming)) {
    const existing = merged[key];
    if (!existing || compare(entry.at, existing.at) >= 0) merged[key] = entry;
  }
  return merged;
}

function pick(current: unknown, incoming: unknown, both: (a: unknown, b: unknown) => unknown): unknown {
  if (!isSet(current)) return incoming ?? null;
  if (!isSet(incoming)) return current;
  return both(current, incoming);
}

const isSet = (value: unknown) => value !== undefined && value !== null;

/** Versions are ISO-8601 UTC strings of one fixed format, or numbers: both compare in order. */
function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

/** Folds a batch of patches into one patch per row key, in arrival order. */
export function foldPatches(spec: TableSpec, patches: RowPatch[]): RowPatch[] {
  const byKey = new Map<string, RowPatch>();
  for (const patch of patches) {
    const key = keyOf(spec, patch);
    const existing = byKey.get(key);
    byKey.set(key, existing ? mergePatch(spec, existing, patch) : patch);
  }
  return [...byKey.values()];
}
