import { Logger } from '@nestjs/common';
import { SseParser } from './sse-parser';

export interface SseConnectionOptions {
  url: string;
  headers: Record<string, string>;
  /** Called for each event's data, in order; the stream waits for it (backpressure). */
  onEvent: (data: string) => Promise<void>;
  onConnected: (reconnect: boolean) => void;
  onDisconnected: (reason: string) => void;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
}

/**
 * One long-lived SSE connection that reconnects with exponential backoff and jitter for as long
 * as it is not stopped. WSAPI documents no resume, so the caller is told about every reconnect.
 */
export class SseConnection {
  private readonly logger = new Logger(SseConnection.name);
  private abort: AbortController | undefined;
  private stopped = false;
  private loop: Promise<void> | undefined;
  private connectedOnce = false;
  private streamedSinceLastFailure = false;

  constructor(private readonly options: SseConnectionOptions) {}

  start(): void {
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort?.abort();
    await this.loop?.catch(() => undefined);
  }

  private async run(): Promise<void> {
    const initial = this.options.initialBackoffMs ?? 1000;
    const max = this.options.maxBackoffMs ?? 30_000;
    let failures = 0;
    while (!this.stopped) {
      try {
        await this.stream();
        this.options.onDisconnected('stream ended');
      } catch (error) {
        if (this.stopped) break;
        this.options.onDisconnected((error as Error).message);
      }
      if (this.stopped) break;
      failures = this.streamedSinceLastFailure ? 1 : failures + 1;
      this.streamedSinceLastFailure = false;
      const delay = Math.min(max, initial * 2 ** Math.min(failures - 1, 10)) * (0.5 + Math.random() / 2);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  private async stream(): Promise<void> {
    this.abort = new AbortController();
    const response = await fetch(this.options.url, {
      headers: { Accept: 'text/event-stream', ...this.options.headers },
      signal: this.abort.signal,
    });
    if (!response.ok || !response.body) {
      this.logger.warn(`SSE ${this.options.url} answered ${response.status}`);
      await response.body?.cancel().catch(() => undefined);
      return;
    }
    this.options.onConnected(this.connectedOnce);
    this.connectedOnce = true;
    this.streamedSinceLastFailure = true;
    const pending: string[] = [];
    const parser = new SseParser((data) => pending.push(data));
    const decoder = new TextDecoder();
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      parser.push(decoder.decode(chunk, { stream: true }));
      while (pending.length > 0) await this.options.onEvent(pending.shift()!);
    }
  }
}
