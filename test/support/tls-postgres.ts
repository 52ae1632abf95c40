import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');

/**
 * A throwaway PostgreSQL server that accepts TLS connections only (pg_hba `hostssl`), with a
 * certificate for the name `localhost` (no IP address in it, like Debian's snakeoil certificate)
 * signed by a CA generated here. The machine's shared server is left alone: its SSL setting is the
 * machine's business, and a spec must not depend on it. Needs the PostgreSQL server binaries
 * (initdb, pg_ctl) and openssl; as root it runs the server as the `postgres` user.
 */
export class TlsPostgres {
  readonly dir = join(ROOT, '.cache/postgres-tls');
  readonly caFile = join(this.dir, 'ca.crt');
  private readonly data = join(this.dir, 'data');

  constructor(readonly port = 29098) {}

  /** postgres://…?sslmode=…: `host` decides whether the certificate's name can match. */
  url(database: string, host: '127.0.0.1' | 'localhost', query: string): string {
    return `postgres://postgres@${host}:${this.port}/${database}?${query}`;
  }

  start(): void {
    this.stop();
    rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(this.dir, { recursive: true });
    this.makeCertificates();
    const asRoot = process.getuid?.() === 0;
    if (asRoot) chownSync(this.dir, ...postgresIds());
    this.asServerUser(binary('initdb'), ['-D', this.data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
    writeFileSync(
      join(this.data, 'postgresql.auto.conf'),
      [`port = ${this.port}`, "listen_addresses = '127.0.0.1'", `unix_socket_directories = '${this.dir}'`, 'ssl = on',
        `ssl_cert_file = '${join(this.dir, 'server.crt')}'`, `ssl_key_file = '${join(this.dir, 'server.key')}'`, 'fsync = off', 'shared_buffers = 16MB', ''].join('\n'),
    );
    // TLS or nothing: a plaintext connection finds no pg_hba line.
    writeFileSync(join(this.data, 'pg_hba.conf'), 'hostssl all all 127.0.0.1/32 trust\nlocal all all trust\n');
    if (asRoot) for (const file of ['postgresql.auto.conf', 'pg_hba.conf']) chownSync(join(this.data, file), ...postgresIds());
    this.asServerUser(binary('pg_ctl'), ['-D', this.data, '-l', join(this.dir, 'server.log'), '-w', '-t', '60', 'start']);
  }

  stop(): void {
    if (!existsSync(join(this.data, 'postmaster.pid'))) return;
    this.asServerUser(binary('pg_ctl'), ['-D', this.data, '-m', 'immediate', '-w', 'stop']);
  }

  private makeCertificates(): void {
    const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: this.dir, stdio: 'pipe' });
    openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=wsapi-sync test Postgres CA',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost');
    writeFileSync(join(this.dir, 'server.ext'), 'subjectAltName=DNS:localhost\n');
    openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-days', '2', '-extfile', 'server.ext');
    if (process.getuid?.() === 0) for (const file of readdirSync(this.dir)) chownSync(join(this.dir, file), ...postgresIds());
    execFileSync('chmod', ['600', join(this.dir, 'server.key')]);
  }

  private asServerUser(command: string, args: string[]): void {
    const [file, argv] = process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
    execFileSync(file, argv, { stdio: 'pipe', timeout: 120_000 });
  }
}

function postgresIds(): [number, number] {
  const [uid, gid] = execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim().split('\n').concat(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return [Number(uid), Number(gid)];
}

/** initdb and pg_ctl are not on PATH on Debian; they live under /usr/lib/postgresql/<version>/bin. */
function binary(name: string): string {
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian).filter((version) => existsSync(join(debian, version, 'bin', name))).sort((a, b) => Number(b) - Number(a));
    if (versions.length > 0) return join(debian, versions[0], 'bin', name);
  }
  return name;
}
