import { ClassConstructor, ClassTransformOptions, TransformationType, TypeMetadata, plainToInstance } from 'class-transformer';
import { getMetadataStorage } from 'class-validator';

// class-transformer's decorator metadata (what @Type says) lives in a singleton it publishes only
// as cjs/storage, typed under types/ (the same module @nestjs/mapped-types reads).
const { defaultMetadataStorage: transformMetadata } = require('class-transformer/cjs/storage') as typeof import('class-transformer/types/storage');

const PLAIN_TO_DTO: ClassTransformOptions = { enableImplicitConversion: false };

/** The DTO properties declared with @Type (nested DTOs), by name; null when plainToInstance must do the work. */
type NestedTypes = Map<string, TypeMetadata> | null;

const plans = new Map<Function, NestedTypes>();

/**
 * What plainToInstance(dto, plain) gives for a DTO that only uses @Type (no @Expose, @Exclude,
 * @Transform or discriminator), at a fraction of the cost: a `new dto()` with the payload's own
 * fields, nested @Type objects (and arrays of them) made instances the same way, and every other
 * value shared with the payload instead of deep-copied. So the result must not be mutated (nothing
 * does: payloads are read, and the patches built from them are new objects).
 *
 * Like plainToInstance it leaves out the keys that would shadow inherited members (`constructor`,
 * `__proto__`, `toString` …): class-validator finds a DTO's rules through its constructor.
 */
export function toDtoInstance<T extends object>(dto: ClassConstructor<T>, plain: Record<string, unknown>): T {
  const nested = nestedTypesOf(dto);
  if (!nested) return plainToInstance(dto, plain, PLAIN_TO_DTO);
  const instance = new dto() as Record<string, unknown>;
  for (const key of Object.keys(plain)) {
    const value = plain[key];
    if (value === undefined || (key in instance && !Object.hasOwn(instance, key))) continue;
    const type = nested.get(key);
    instance[key] = type ? toNested(type.typeFunction({ newObject: instance, object: plain, property: key }) as ClassConstructor<object>, value) : value;
  }
  return instance as T;
}

/** A nested value: objects become instances of the @Type, arrays element by element, anything else stays for the validator to judge. */
function toNested(type: ClassConstructor<object>, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((element) => toNested(type, element));
  return typeof value === 'object' && value !== null ? toDtoInstance(type, value as Record<string, unknown>) : value;
}

function nestedTypesOf(dto: Function): NestedTypes {
  let plan = plans.get(dto);
  if (plan === undefined) plans.set(dto, (plan = planFor(dto)));
  return plan;
}

function planFor(dto: Function): NestedTypes {
  if (transformMetadata.getStrategy(dto) !== 'none' || transformMetadata.getExposedMetadatas(dto).length > 0 || transformMetadata.getExcludedMetadatas(dto).length > 0) return null;
  const nested = new Map<string, TypeMetadata>();
  for (const property of declaredProperties(dto)) {
    if (transformMetadata.findTransformMetadatas(dto, property, TransformationType.PLAIN_TO_CLASS).length > 0) return null;
    const type = transformMetadata.findTypeMetadata(dto, property);
    if (!type) continue;
    if (type.options?.discriminator || !type.typeFunction) return null;
    nested.set(property, type);
  }
  return nested;
}

/** Class fields (own keys of a fresh instance) and validated properties: every decorated property is one or the other. */
function declaredProperties(dto: Function): Set<string> {
  const fields = Object.keys(new (dto as ClassConstructor<object>)());
  const validated = getMetadataStorage()
    .getTargetValidationMetadatas(dto, '', false, false)
    .map((metadata) => metadata.propertyName);
  return new Set([...fields, ...validated]);
}
