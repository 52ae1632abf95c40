import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WSAPI_EXAMPLES_DIR } from '../../test/fixtures/wsapi-examples';
import { isValidSignature, signBody } from './signature';

const secret = 'whsec_unit_test_secret';
const body = Buffer.from('{"instanceId":"ins_1","eventType":"logged_in","eventData":{"deviceId":"1:2@s.whatsapp.net"}}');

describe('webhook signatures', () => {
  it('produces sha256=<lowercase hex HMAC of the raw bytes>', () => {
    const expected = createHmac('sha256', secret).update(body).digest('hex');
    expect(signBody(body, secret)).toBe(`sha256=${expected}`);
  });

  it('matches the signature WSAPI\'s example signer (shared/wsapi/sign.js) computed for an example', () => {
    // Recorded with `node ../shared/wsapi/sign.js ../shared/wsapi/examples/logged_in.json whsec_unit_test_secret`.
    const theirs = 'sha256=70af67cb0f5f6d2e6657fc53a480fa10e37b2918254c444a41d64e70c2bfbaa3';
    const example = readFileSync(join(WSAPI_EXAMPLES_DIR, 'logged_in.json'));
    expect(signBody(example, secret)).toBe(theirs);
    expect(isValidSignature(example, theirs, secret)).toBe(true);
  });

  it('accepts the right signature, also in upper case hex', () => {
    const header = signBody(body, secret);
    expect(isValidSignature(body, header, secret)).toBe(true);
    expect(isValidSignature(body, 'sha256=' + header.slice(7).toUpperCase(), secret)).toBe(true);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['without prefix', createHmac('sha256', secret).update(body).digest('hex')],
    ['wrong algorithm prefix', 'sha1=' + createHmac('sha256', secret).update(body).digest('hex')],
    ['truncated', signBody(body, secret).slice(0, 40)],
    ['not hex', 'sha256=' + 'z'.repeat(64)],
    ['another secret', signBody(body, 'another-secret')],
  ])('rejects a %s signature', (_, header) => {
    expect(isValidSignature(body, header, secret)).toBe(false);
  });

  it('rejects a signature of different bytes (one byte changed)', () => {
    const tampered = Buffer.from(body);
    tampered[tampered.length - 3] ^= 1;
    expect(isValidSignature(tampered, signBody(body, secret), secret)).toBe(false);
  });
});
