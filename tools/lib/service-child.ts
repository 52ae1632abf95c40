import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, WriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { ServiceClient, waitFor } from '../simulator/service-client';

/** dist/src/main.js next to this compiled file (dist/tools/lib/…). */
export const SERVICE_ENTRY = join(__dirname, '../../src/main.js');

/**
 * The compiled service (`node dist/src/main.js`) as a child process, as `npm start` runs it: its
 * own port, environment and log file; readiness via /health/ready; peak memory from /proc.
 */
export class ServiceChild {
  private child: ChildProcess | undefined;
  private log: WriteStream | undefined;
  private exited: Promise<number | null> | undefined;
  port = 0;

  constructor(
    private readonly env: Record<string, string>,
    readonly logFile: string,
    /** Another compiled entry point that serves /health/ready the same way (the benchmark's baselines). */
    private readonly entry = SERVICE_ENTRY,
  ) {}

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(readyTimeoutMs = 90_000): Promise<ServiceClient> {
    this.port = await freePort();
    mkdirSync(dirname(this.logFile), { recursive: true });
    this.log = createWriteStream(this.logFile);
    // CHILD_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof": flags node refuses in NODE_OPTIONS.
    const nodeArgs = (process.env.CHILD_NODE_ARGS ?? '').split(' ').filter(Boolean);
    this.child = spawn(process.execPath, [...nodeArgs, this.entry], { env: { ...process.env, ...this.env, PORT: String(this.port) }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.pipe(this.log, { end: false });
    this.child.stderr!.pipe(this.log, { end: false });
    this.exited = new Promise((resolve) => this.child!.once('exit', (code) => resolve(code)));
    // If the demo or the benchmark dies, its service must not live on.
    const child = this.child;
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    child.once('exit', () => process.removeListener('exit', killOnExit));
    const client = new ServiceClient(this.baseUrl, this.env.ADMIN_TOKEN);
    await waitFor('the service to be ready', async () => {
      if (this.child!.exitCode !== null) throw new Error(`the service exited with ${this.child!.exitCode}; see ${this.logFile}`);
      return client.ready();
    }, readyTimeoutMs, 300);
    return client;
  }

  /** Peak resident set size so far (VmHWM), bytes. */
  peakRssBytes(): number {
    return this.child?.pid ? peakRssOf(this.child.pid) : 0;
  }

  /** SIGTERM (graceful: Nest's shutdown hooks), SIGKILL if it has not exited after 20 s. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return this.closeLog();
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await this.exited;
    clearTimeout(timer);
    this.closeLog();
  }

  private closeLog(): void {
    this.log?.end();
  }
}

/** Peak resident set size of a process so far (VmHWM), bytes. */
export const peakRssOf = (pid: number) => memoryOf(pid, 'VmHWM');

/** Resident set size of a process now (VmRSS), bytes. */
export const currentRssOf = (pid: number) => memoryOf(pid, 'VmRSS');

function memoryOf(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  try {
    const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0; // not on Linux, or the process is gone
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
