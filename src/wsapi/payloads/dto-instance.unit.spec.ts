import 'reflect-metadata';
import { Transform, Type, plainToInstance } from 'class-transformer';
import { IsString } from 'class-validator';
import { toDtoInstance } from './dto-instance';
import { GroupEventDto } from './group-events.dto';
import { SenderDto } from './identity.dto';
import { MessageEventDto } from './message-events.dto';

const message = {
  id: 'm1',
  time: '2026-03-01T10:00:00Z',
  chatId: 'c1@s.whatsapp.net',
  sender: { id: 's1@s.whatsapp.net', isMe: false },
  type: 'text',
  media: { mimeType: 'image/jpeg', nested: { deep: [1, 2] } },
  mentions: ['a@s.whatsapp.net'],
  unknownField: 'kept',
};

/** What a test can compare: the value with each object's class name next to its fields. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (typeof value !== 'object' || value === null) return value;
  const fields = Object.entries(value).filter(([, field]) => field !== undefined);
  return { class: value.constructor?.name, ...Object.fromEntries(fields.map(([key, field]) => [key, shape(field)])) };
}

describe('toDtoInstance', () => {
  it('builds what plainToInstance builds: the DTO, its @Type objects and arrays as instances, other values as they are', () => {
    const instance = toDtoInstance(MessageEventDto, message);
    expect(instance).toBeInstanceOf(MessageEventDto);
    expect(instance.sender).toBeInstanceOf(SenderDto);
    expect(shape(instance)).toEqual(shape(plainToInstance(MessageEventDto, message)));

    const participants = { id: 'g1@g.us', join: [{ id: 'a@s.whatsapp.net' }, 'not an object', [{ id: 'b' }]] };
    expect(shape(toDtoInstance(GroupEventDto, participants))).toEqual(shape(plainToInstance(GroupEventDto, participants)));
  });

  it('shares the values it does not turn into DTOs instead of copying them', () => {
    const instance = toDtoInstance(MessageEventDto, message);
    expect(instance.media).toBe(message.media);
    expect(instance.mentions).toBe(message.mentions);
  });

  it('leaves a nested value that is not an object for the validator to reject', () => {
    expect(toDtoInstance(MessageEventDto, { ...message, sender: 'nobody' }).sender).toBe('nobody');
    expect(toDtoInstance(MessageEventDto, { ...message, sender: null }).sender).toBeNull();
  });

  it('like plainToInstance, ignores keys that would shadow inherited members, so the DTO keeps its class', () => {
    const hostile = JSON.parse('{"__proto__": {"polluted": true}, "constructor": "x", "toString": "y", "id": "m1", "sender": {"__proto__": {}, "id": "s1"}}');
    const instance = toDtoInstance(MessageEventDto, hostile);
    expect(instance.constructor).toBe(MessageEventDto);
    expect(Object.getPrototypeOf(instance)).toBe(MessageEventDto.prototype);
    expect(instance.sender).toBeInstanceOf(SenderDto);
    expect(typeof instance.toString).toBe('function');
    expect(shape(instance)).toEqual(shape(plainToInstance(MessageEventDto, hostile)));
  });

  it('hands a DTO that uses other class-transformer decorators to plainToInstance', () => {
    class Trimmed {
      @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value)) @IsString()
      name: string;

      @Type(() => SenderDto)
      sender?: SenderDto;
    }
    const instance = toDtoInstance(Trimmed, { name: '  ann  ', sender: { id: 's1' } });
    expect(instance.name).toBe('ann');
    expect(instance.sender).toBeInstanceOf(SenderDto);
  });
});
