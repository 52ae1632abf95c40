import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');
const SCRIPT = join(ROOT, 'scripts/kafka/secure-broker.sh');

export type SecureListener = 'plain' | 'scram-sha-256' | 'scram-sha-512' | 'mtls';

/**
 * The TLS-only broker of scripts/kafka/secure-broker.sh (SASL_SSL on 29092, mTLS on 29094 unless
 * KAFKA_SECURE_* say otherwise). Specs start and stop it themselves, so `npm test` needs nothing else.
 */
export const secureBroker = {
  run(command: 'start' | 'stop' | 'restart' | 'rotate-plain-password'): void {
    execFileSync('bash', [SCRIPT, command], { stdio: 'inherit', timeout: 150_000 });
  },

  /** The service's environment for one listener, as `secure-broker.sh env` prints it. */
  env(listener: SecureListener): Record<string, string> {
    const text = execFileSync('bash', [SCRIPT, 'env', listener], { encoding: 'utf8' });
    return Object.fromEntries(text.trim().split('\n').map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
  },
};
