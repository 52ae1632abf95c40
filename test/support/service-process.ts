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
  readonly port = 39000 + Math.floor(Math.random() * 2000);

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
