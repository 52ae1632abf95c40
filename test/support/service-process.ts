import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');
const ENTRY = join(ROOT, 'dist/src/main.js');

/** The compiled service, as `npm start` runs it (built once if missing). */
export function ensureBuilt(): void {
  if (!existsSync(ENTRY)) execFileSync('npx', ['nest', 'build'], { cwd: ROOT, stdio: 'inherit', timeout: 300_000 });
}

/** The real service in its own OS process, so a test can SIGKILL it like a crash. */
export class ServiceProcess {
  private child: ChildProcess | undefined;
  output = '';
  // Below Linux's ephemeral range (32768–60999), where an outgoing connection may hold a port, and
  // clear of the brokers' and the TLS Postgres's fixed test ports (19092–19194, 29092–29098).
  readonly port = 21000 + Math.floor(Math.random() * 8000);

  constructor(private readonly env: Record<string, string>) {}

  /** Total records its projections have not applied yet (GET /projections/lag). */
  async lag(): Promise<number> {
    const response = await fetch(`http://127.0.0.1:${this.port}/projections/lag`);
    return ((await response.json()) as { totalLag: number }).totalLag;
  }

  start(): void {
    this.child = spawn(process.execPath, [ENTRY], { cwd: ROOT, env: { ...process.env, PORT: String(this.port), ...this.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-20_000));
    this.child.stdout!.on('data', keep);
    this.child.stderr!.on('data', keep);
  }

  /**
   * Resolves once the process answers /health/live; fails at once, with its output, if it exits
   * first (a port taken, a bad setting), instead of leaving a spec to time out on what it never did.
   */
  async ready(timeoutMs = 90_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.running) throw new Error(`the service process exited before it was ready:\n${this.output}`);
      const answered = await fetch(`http://127.0.0.1:${this.port}/health/live`).then((response) => response.ok, () => false);
      if (answered) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`the service process was not ready after ${timeoutMs} ms:\n${this.output}`);
  }

  /** SIGKILL: no shutdown hooks, no graceful consumer leave — a crash. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }
}
