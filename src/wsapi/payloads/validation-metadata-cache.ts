import { MetadataStorage, getMetadataStorage } from 'class-validator';

type Metadatas = ReturnType<MetadataStorage['getTargetValidationMetadatas']>;
type Grouped = ReturnType<MetadataStorage['groupByPropertyName']>;

const cached = new WeakSet<MetadataStorage>();

/**
 * class-validator works out a class's validation metadata again on every validate call and for
 * every nested object: it filters the class's decorators, tests every registered class for being
 * an ancestor, then groups the result by property. That was a third of the time validating a
 * message took. The answer only changes when metadata is registered, so it is remembered per class
 * (and schema name) and forgotten whenever metadata is added. Calls with groups or `always` are
 * passed through uncached: they depend on options we do not use.
 *
 * Callers get the same arrays again: class-validator and @nestjs/mapped-types only read them.
 */
export function cacheValidationMetadataLookups(storage: MetadataStorage = getMetadataStorage()): void {
  if (cached.has(storage)) return;
  cached.add(storage);
  const lookUp = storage.getTargetValidationMetadatas.bind(storage);
  const groupByProperty = storage.groupByPropertyName.bind(storage);
  const add = storage.addValidationMetadata.bind(storage);
  let lookups = new Map<Function, Map<string | undefined, Metadatas>>();
  const groupings = new WeakMap<Metadatas, Grouped>();

  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    if (always || strictGroups || (groups && groups.length > 0)) return lookUp(target, schema, always, strictGroups, groups);
    let bySchema = lookups.get(target);
    if (!bySchema) lookups.set(target, (bySchema = new Map()));
    let metadatas = bySchema.get(schema);
    if (!metadatas) bySchema.set(schema, (metadatas = lookUp(target, schema, always, strictGroups, groups)));
    return metadatas;
  };
  storage.groupByPropertyName = (metadatas) => {
    let grouped = groupings.get(metadatas);
    if (!grouped) groupings.set(metadatas, (grouped = groupByProperty(metadatas)));
    return grouped;
  };
  storage.addValidationMetadata = (metadata) => {
    lookups = new Map(); // a new decorator may belong to any cached class or to one of its ancestors
    add(metadata);
  };
}
