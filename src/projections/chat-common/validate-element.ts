import { ClassConstructor } from 'class-transformer';
import { validatePayload } from '../../wsapi/payloads/validate-payload';
import { PoisonEventError } from '../engine/projection';

/**
 * validatePayload for one element of an array payload (snapshot items, history messages), which
 * may be anything: validatePayload assumes an object and fails with a bare TypeError otherwise.
 */
export function validateElement<T extends object>(dto: ClassConstructor<T>, element: unknown, what: string): T {
  if (typeof element !== 'object' || element === null || Array.isArray(element)) throw new PoisonEventError(`invalid ${what}: not an object`);
  return validatePayload(dto, element, what);
}
