import { ClassConstructor } from 'class-transformer';
import { SnapshotEnvelopeDataDto } from '../../wsapi/payloads/snapshot.dto';
import { validatePayload } from '../../wsapi/payloads/validate-payload';
import { validateElement } from './validate-element';

/**
 * The validated items of a REST snapshot event (`eventData = { items: [...] }`). One invalid item
 * makes the whole snapshot poison: a snapshot is authoritative, so applying part of it would mark
 * the missing part as gone.
 */
export function snapshotItems<T extends object>(dto: ClassConstructor<T>, eventData: Record<string, unknown>, what: string): T[] {
  // The wrapper is validated on a shallow view (the validator deep-copies what it is given);
  // every item is validated on its own below.
  const items = eventData.items;
  validatePayload(SnapshotEnvelopeDataDto, { items: Array.isArray(items) ? [] : items }, what);
  return (items as unknown[]).map((item, index) => validateElement(dto, item, `${what} item ${index}`));
}
