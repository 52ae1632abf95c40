import 'reflect-metadata';
import { ClassConstructor, plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';
import fc from 'fast-check';
import { InvalidPayloadError } from './invalid-payload.error';
import { MessageActivityDto } from './chat-events.dto';
import { GroupEventDto } from './group-events.dto';
import { MessageEventDto } from './message-events.dto';
import { validatePayload } from './validate-payload';

const message = { id: 'm1', time: '2026-03-01T10:00:00Z', chatId: 'c1@s.whatsapp.net', sender: { id: 's1@s.whatsapp.net' }, type: 'text' };

/** The error text validatePayload gives, or 'ok'. */
function outcome(run: () => unknown): string {
  try {
    run();
    return 'ok';
  } catch (error) {
    if (!(error instanceof InvalidPayloadError)) throw error;
    return error.message;
  }
}

/** The same check done the plain way (a deep copy by plainToInstance, then validateSync): what validatePayload must agree with. */
function referenceOutcome(dto: ClassConstructor<object>, payload: object): string {
  const errors = validateSync(plainToInstance(dto, payload, { enableImplicitConversion: false }), { whitelist: false, forbidUnknownValues: false, skipMissingProperties: false });
  const flatten = (list: ValidationError[], path = ''): string[] =>
    list.flatMap((error) => {
      const here = path ? `${path}.${error.property}` : error.property;
      return [...Object.values(error.constraints ?? {}).map((text) => `${here}: ${text}`), ...flatten(error.children ?? [], here)];
    });
  return errors.length === 0 ? 'ok' : `invalid test: ${flatten(errors).join('; ')}`;
}

describe('validatePayload', () => {
  it('returns the payload as its DTO', () => {
    const dto = validatePayload(MessageEventDto, message, 'message');
    expect(dto).toBeInstanceOf(MessageEventDto);
    expect(dto).toMatchObject(message);
  });

  it('names each bad field, nested ones by their path', () => {
    expect(outcome(() => validatePayload(MessageEventDto, { ...message, time: 'yesterday', sender: { id: 7 } }, 'message'))).toBe(
      'invalid message: time: time must be RFC 3339 date; sender.id: id must be longer than or equal to 1 characters; sender.id: id must be a string',
    );
    expect(outcome(() => validatePayload(GroupEventDto, { id: 'g1@g.us', join: [{ id: 'a' }, { lid: 'b' }] }, 'group'))).toBe(
      'invalid group: join.1.id: id must be longer than or equal to 1 characters; join.1.id: id must be a string',
    );
    expect(outcome(() => validatePayload(MessageEventDto, [message], 'message'))).toBe('invalid message: expected an object, got an array');
  });

  it('still finds the rules of a payload that names inherited members (constructor, __proto__)', () => {
    const hostile = JSON.parse(JSON.stringify({ ...message, id: 5 }).replace('{', '{"constructor":"x","__proto__":{},'));
    expect(outcome(() => validatePayload(MessageEventDto, hostile, 'message'))).toMatch(/^invalid message: id: /);
  });

  it('accepts and rejects exactly what plainToInstance + validateSync do, with the same reasons', () => {
    const text = fc.oneof(fc.constantFrom('', 'x', 'reaction', 'pinInChat', '2026-03-01T10:00:00Z', 'c1@s.whatsapp.net'), fc.string());
    const anyJson = fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null), fc.array(text, { maxLength: 2 }), fc.dictionary(text, text, { maxKeys: 2 }));
    const field = <T>(value: fc.Arbitrary<T>) => fc.option(fc.oneof(value, anyJson), { nil: undefined, freq: 3 });
    const sender = fc.record({ id: field(text), lid: field(text), device: field(fc.integer()), isMe: field(fc.boolean()) }, { requiredKeys: [] });
    const payload = fc.record(
      {
        id: field(text),
        time: field(text),
        chatId: field(text),
        sender: field(fc.oneof(sender, fc.array(sender, { maxLength: 2 }))),
        type: field(text),
        isEdit: field(fc.boolean()),
        mentions: field(fc.array(text, { maxLength: 2 })),
        reaction: field(fc.record({ messageId: field(text), emoji: field(text) }, { requiredKeys: [] })),
        edit: field(fc.record({ originalMessageId: field(text) }, { requiredKeys: [] })),
        isStatus: field(fc.boolean()),
        extra: field(anyJson),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(payload, (generated) => {
        for (const dto of [MessageEventDto, MessageActivityDto] as ClassConstructor<object>[]) {
          expect(outcome(() => validatePayload(dto, generated, 'test'))).toBe(referenceOutcome(dto, generated));
        }
      }),
      { numRuns: 500 },
    );
  });
});
