import { ClassConstructor } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';
import { toDtoInstance } from './dto-instance';
import { InvalidPayloadError } from './invalid-payload.error';
import { cacheValidationMetadataLookups } from './validation-metadata-cache';

cacheValidationMetadataLookups();

/**
 * Validates an event payload against its DTO (shared/wsapi/README.md shapes). Unknown extra
 * fields are tolerated (WSAPI adds fields over time); a wrong or missing required field makes
 * the event poison, with every problem named. The DTO returned shares the payload's values (see
 * toDtoInstance): read it, do not change it.
 */
export function validatePayload<T extends object>(dto: ClassConstructor<T>, payload: unknown, what: string): T {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new InvalidPayloadError(`invalid ${what}: expected an object, got ${Array.isArray(payload) ? 'an array' : payload === null ? 'null' : typeof payload}`);
  }
  const instance = toDtoInstance(dto, payload as Record<string, unknown>);
  const errors = validateSync(instance, { whitelist: false, forbidUnknownValues: false, skipMissingProperties: false });
  if (errors.length > 0) throw new InvalidPayloadError(`invalid ${what}: ${flatten(errors).join('; ')}`);
  return instance;
}

function flatten(errors: ValidationError[], path = ''): string[] {
  return errors.flatMap((error) => {
    const here = path ? `${path}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((text) => `${here}: ${text}`);
    return [...own, ...flatten(error.children ?? [], here)];
  });
}
