import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');
const SCRIPT = join(ROOT, 'scripts/kafka/secure-broker.sh');

export type SecureListener = 'plain' | 'scram-sha-256' | 'scram-sha-512' | 'mtls';

/**
 * The TLS-only broker of scripts/kafka/secure-broker.sh (SASL_SSL on 29092, mTLS on 29094 unless
 * KAFKA_SECURE_* say otherwise). Specs start and stop it themselves, so `npm test` needs nothing else.
 */
export const secureBroker = {
  run(command: 'start' | 'stop' | 'restart'): void {
    execFileSync('bash', [SCRIPT, command], { stdio: 'inherit', timeout: 150_000 });
  },

  /** The service's environment for one listener, as `secure-broker.sh env` prints it. */
  env(listener: SecureListener): Record<string, string> {
    const text = execFileSync('bash', [SCRIPT, 'env', listener], { encoding: 'utf8' });
    return Object.fromEntries(text.trim().split('\n').map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
  },

  /** kafka-configs against the broker, as its PLAIN admin (e.g. to change a SCRAM credential). */
  configs(...args: string[]): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn('bash', [SCRIPT, 'configs', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`secure-broker.sh configs exited ${code}: ${output}`))));
    });
  },

  /** The CA file its certificates chain to. */
  caFile(): string {
    return secureBroker.env('mtls').KAFKA_SSL_CA_FILE;
  },

  pem(path: string): Buffer {
    return readFileSync(path);
  },
};
