import { execSync } from 'node:child_process';

/** Stops or starts the machine's PostgreSQL cluster (the one the tests use), as the env notes prescribe. */
export function localPostgres(command: 'start' | 'stop'): void {
  const mode = command === 'stop' ? ' -m fast' : '';
  execSync(`for v in $(ls /etc/postgresql); do pg_ctlcluster --skip-systemctl-redirect "$v" main ${command}${mode}; done`, { stdio: 'inherit', timeout: 120_000 });
}
