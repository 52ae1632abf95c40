import fc from 'fast-check';
import { allTopicSuffixes, topicName } from '../../src/kafka/topics';
import { signBody } from '../../src/wsapi/signature';
import { postWebhook } from '../support/http';
import { RunningApp, startTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { countRecords, testKafka } from '../support/topic-reader';

const SECRET = 'fuzz-default-secret';
const OTHER_SECRET = 'fuzz-secret-of-ins_other';

/**
 * Property-based fuzzing of the webhook: whatever arrives, the answer is a 4xx or a 200, never a
 * 5xx, the process keeps serving, and only correctly signed, well-formed envelopes reach Kafka.
 */
describe('ingress fuzzing (real broker)', () => {
  let running: RunningApp;
  let topics: string[];
  let accepted = 0;

  beforeAll(async () => {
    running = await startTestApp(
      testConfig({ ROLE: 'ingress', WSAPI_SIGNING_SECRET: SECRET, WSAPI_INSTANCE_SECRETS: JSON.stringify({ ins_other: OTHER_SECRET }), MAX_BODY_BYTES: String(256 * 1024) }),
    );
    topics = allTopicSuffixes().map((suffix) => topicName(running.config.KAFKA_TOPIC_PREFIX, suffix));
  });
  afterAll(async () => running?.close());

  const send = async (body: Buffer | string, signature?: string) => {
    const response = await postWebhook(running.baseUrl, body, undefined, signature === undefined ? {} : { 'x-webhook-signature': signature });
    expect(response.status === 200 || (response.status >= 400 && response.status < 500)).toBe(true);
    if (response.status === 200) accepted += 1;
    return response.status;
  };

  const anyEnvelopeField = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.anything(), { maxLength: 3 }), fc.object({ maxDepth: 2 }));
  const wildEnvelope = fc.record(
    { eventId: anyEnvelopeField, instanceId: anyEnvelopeField, receivedAt: anyEnvelopeField, eventType: anyEnvelopeField, eventData: anyEnvelopeField },
    { requiredKeys: [] },
  );

  it('random bytes, signed or not, never get a 5xx and never reach Kafka unless they are a valid envelope', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), fc.boolean(), async (bytes, signed) => {
        const body = Buffer.from(bytes);
        const status = await send(body, signed ? signBody(body, SECRET) : undefined);
        if (!signed) expect(status).toBe(401);
      }),
      { numRuns: 150 },
    );
  });

  it('envelopes with wrong types in every field: signed → 200 only when well-formed, else 400; unsigned → 401', async () => {
    await fc.assert(
      fc.asyncProperty(wildEnvelope, fc.boolean(), async (envelope, signed) => {
        const body = Buffer.from(JSON.stringify(envelope));
        const wellFormed =
          typeof envelope.instanceId === 'string' && envelope.instanceId.trim() !== '' && envelope.instanceId.length <= 256 &&
          typeof envelope.eventType === 'string' && envelope.eventType.trim() !== '' && envelope.eventType.length <= 256 &&
          typeof envelope.eventData === 'object' && envelope.eventData !== null && !Array.isArray(envelope.eventData) &&
          (envelope.eventId === undefined || envelope.eventId === null || (typeof envelope.eventId === 'string' && envelope.eventId.trim() !== '' && envelope.eventId.length <= 256)) &&
          (envelope.receivedAt === undefined || envelope.receivedAt === null || typeof envelope.receivedAt === 'string');
        const secret = envelope.instanceId === 'ins_other' ? OTHER_SECRET : SECRET;
        const status = await send(body, signed ? signBody(body, secret) : undefined);
        expect(status).toBe(!signed ? 401 : wellFormed ? 200 : 400);
      }),
      { numRuns: 150 },
    );
  });

  it('unicode edge cases and deep or huge JSON are handled as data, not crashes', async () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    const nestedData = JSON.stringify({ instanceId: 'ins_1', eventType: 'message', eventData: JSON.parse('{"a":'.repeat(500) + '1' + '}'.repeat(500)) });
    const huge = JSON.stringify({ instanceId: 'ins_1', eventType: 'message', eventData: { text: 'x'.repeat(300 * 1024) } });
    const nullEventId = JSON.stringify({ eventId: null, instanceId: '!', eventType: '!', eventData: {} }); // found by fast-check: a null header
    expect(await send(nullEventId, signBody(nullEventId, SECRET))).toBe(200);
    const unicode = JSON.stringify({ instanceId: 'ins_\u{1F600}\u0000\uFEFF', eventType: 'm\u202Eessage', eventData: { text: '\uD800 lone surrogate' } });
    expect(await send(deep, signBody(deep, SECRET))).toBe(400);
    expect(await send(nestedData, signBody(nestedData, SECRET))).toBe(200);
    expect(await send(huge, signBody(huge, SECRET))).toBe(413);
    expect(await send(unicode, signBody(unicode, SECRET))).toBe(200);
    const health = await fetch(`${running.baseUrl}/health/live`);
    expect(health.status).toBe(200);
  });

  it("refuses a valid signature made with another instance's secret (forged instance)", async () => {
    const body = JSON.stringify({ instanceId: 'ins_other', eventType: 'logged_out', eventData: { reason: 'x' } });
    expect(await send(body, signBody(body, SECRET))).toBe(401);
    expect(await send(body, signBody(body, OTHER_SECRET))).toBe(200);
  });

  it('Kafka holds exactly the accepted events and nothing else', async () => {
    const counts = await countRecords(testKafka(), topics);
    expect(Object.values(counts).reduce((sum, n) => sum + n, 0)).toBe(accepted);
  });
});
