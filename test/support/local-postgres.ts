import { execSync } from 'node:child_process';
import { join } from 'node:path';

/** Stops the machine's PostgreSQL cluster (the one the tests use), or makes sure it runs again. */
export function localPostgres(command: 'start' | 'stop'): void {
  const shell =
    command === 'stop'
      ? 'for v in $(ls /etc/postgresql); do pg_ctlcluster --skip-systemctl-redirect "$v" main stop -m fast; done'
      : `bash ${join(__dirname, '../../scripts/postgres.sh')} ensure`;
  execSync(shell, { stdio: 'inherit', timeout: 120_000 });
}
