import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnvelope } from './envelope';
import { categoryOf, EventCategory } from './event-types';
import { WSAPI_EXAMPLES_DIR } from '../../test/fixtures/wsapi-examples';

const examplesDir = WSAPI_EXAMPLES_DIR;
const eventExamples = readdirSync(examplesDir).filter((file) => file.endsWith('.json') && !file.startsWith('rest-') && !/^(error|flush)/.test(file));

describe('parseEnvelope', () => {
  it.each(eventExamples)('accepts the WSAPI example %s', (file) => {
    const result = parseEnvelope(readFileSync(join(examplesDir, file)));
    expect(result).toMatchObject({ ok: true });
  });

  it.each([
    ['not JSON', '{"instanceId":', /not valid JSON/],
    ['an array', '[1,2]', /must be a JSON object/],
    ['a string', '"hello"', /must be a JSON object/],
    ['no instanceId', '{"eventType":"message","eventData":{}}', /instanceId is required/],
    ['no eventType', '{"instanceId":"ins_1","eventData":{}}', /eventType is required/],
    ['no eventData', '{"instanceId":"ins_1","eventType":"message"}', /eventData must be an object/],
    ['eventData array', '{"instanceId":"ins_1","eventType":"message","eventData":[]}', /eventData must be an object/],
    ['numeric instanceId', '{"instanceId":7,"eventType":"message","eventData":{}}', /instanceId must be a non-empty string/],
    ['empty eventType', '{"instanceId":"ins_1","eventType":" ","eventData":{}}', /eventType must be a non-empty string/],
    ['numeric eventId', '{"eventId":1,"instanceId":"ins_1","eventType":"x","eventData":{}}', /eventId must be a non-empty string/],
  ])('rejects %s with a clear reason', (_, text, reason) => {
    const result = parseEnvelope(Buffer.from(text));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(reason);
  });

  it('tolerates a missing eventId (very old payloads) and extra fields', () => {
    const result = parseEnvelope(Buffer.from('{"instanceId":"ins_1","eventType":"x","eventData":{},"extra":true}'));
    expect(result).toMatchObject({ ok: true, envelope: { instanceId: 'ins_1', eventType: 'x' } });
  });
});

describe('categoryOf', () => {
  it.each([
    ['logged_in', EventCategory.Session],
    ['logged_error', EventCategory.Session],
    ['initial_sync_finished', EventCategory.Session],
    ['message', EventCategory.Messages],
    ['message_read', EventCategory.Messages],
    ['message_history_sync', EventCategory.History],
    ['chat_setting', EventCategory.Chats],
    ['user_push_name', EventCategory.Chats],
    ['contact', EventCategory.Contacts],
    ['group', EventCategory.Groups],
    ['user_presence', EventCategory.Presence],
    ['call_offer', EventCategory.Calls],
    ['newsletter', EventCategory.Newsletters],
    ['poll_vote', EventCategory.Unknown],
    ['constructor', EventCategory.Unknown],
    ['__proto__', EventCategory.Unknown],
  ])('%s → %s', (type, category) => {
    expect(categoryOf(type)).toBe(category);
  });

  it('knows every example event type shipped with the WSAPI contract', () => {
    const types = eventExamples.map((file) => JSON.parse(readFileSync(join(examplesDir, file), 'utf8')).eventType as string);
    expect(types.filter((type) => categoryOf(type) === EventCategory.Unknown)).toEqual([]);
  });
});
