import { IsInt, IsString, MinLength, getMetadataStorage, validateSync } from 'class-validator';
import { SenderDto } from './identity.dto';
import { cacheValidationMetadataLookups } from './validation-metadata-cache';

describe('cacheValidationMetadataLookups', () => {
  beforeAll(() => cacheValidationMetadataLookups());

  it('answers a repeated lookup from the cache, with what class-validator found (inherited rules included)', () => {
    const storage = getMetadataStorage();
    const first = storage.getTargetValidationMetadatas(SenderDto, undefined as unknown as string, false, false);
    expect(storage.getTargetValidationMetadatas(SenderDto, undefined as unknown as string, false, false)).toBe(first);
    expect(new Set(first.map((metadata) => metadata.propertyName))).toEqual(new Set(['id', 'lid', 'phone', 'device', 'isMe']));
    expect(storage.groupByPropertyName(first)).toBe(storage.groupByPropertyName(first));
  });

  it('is idempotent', () => {
    const lookUp = getMetadataStorage().getTargetValidationMetadatas;
    cacheValidationMetadataLookups();
    expect(getMetadataStorage().getTargetValidationMetadatas).toBe(lookUp);
  });

  it('sees rules registered after a class was validated, on the class and on its subclasses', () => {
    class Parent {
      @IsString()
      name: unknown;

      extra: unknown;
    }
    class Child extends Parent {
      @IsInt()
      size: unknown;
    }
    const child = Object.assign(new Child(), { name: 'n', size: 1, extra: '' });
    expect(validateSync(child)).toEqual([]);
    MinLength(1)(Parent.prototype, 'extra');
    expect(validateSync(child).map((error) => error.property)).toEqual(['extra']);
    expect(validateSync(Object.assign(new Parent(), { name: 1, extra: 'x' })).map((error) => error.property)).toEqual(['name']);
  });
});
