import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const script = join(__dirname, '../../scripts/kafka/kafka.sh');

/** Stops or starts the local broker that scripts/kafka/kafka.sh manages (the one the tests use). */
export function localBroker(command: 'start' | 'stop'): void {
  execFileSync('bash', [script, command], { stdio: 'inherit', timeout: 150_000 });
}
