import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  /** The query string without `?` ('' when none). */
  query: string;
  headers: IncomingMessage['headers'];
  body: string;
  at: number;
  /** When the answer was sent (after any delay): with `at`, how long the call was open. */
  finishedAt?: number;
}

/** Computes the answer from the request (e.g. a page of a listing from its query). */
export type RouteHandler = (request: RecordedRequest) => ScriptedResponse;

export interface ScriptedResponse {
  status: number;
  body?: unknown;
  delayMs?: number;
}

/**
 * A real HTTP server on loopback standing in for WSAPI's REST API. It records every request and
 * answers from a script: per "METHOD /path", a queue of responses (the last one repeats), else
 * a default handler.
 */
export class FakeWsapi {
  readonly requests: RecordedRequest[] = [];
  private readonly scripts = new Map<string, ScriptedResponse[]>();
  private readonly handlers = new Map<string, RouteHandler>();
  /** Open SSE responses of GET /events/stream (pull mode), newest last. */
  readonly streams: ServerResponse[] = [];
  private server: Server | undefined;
  baseUrl = '';

  /** Responses for `route` ("POST /session/flush-history"), in order; the last one repeats. */
  script(route: string, ...responses: ScriptedResponse[]): this {
    this.scripts.set(route, responses);
    return this;
  }

  /** Responses for `route` only for requests with this X-Instance-Id (wins over `script`). */
  scriptFor(instanceId: string, route: string, ...responses: ScriptedResponse[]): this {
    return this.script(`${instanceId} ${route}`, ...responses);
  }

  /** Answers `route` by calling `handler` (wins over scripts). */
  handle(route: string, handler: RouteHandler): this {
    this.handlers.set(route, handler);
    return this;
  }

  requestsTo(route: string): RecordedRequest[] {
    return this.requests.filter((request) => `${request.method} ${request.path}` === route);
  }

  /** Writes raw SSE text (e.g. `data: {...}\n\n`) to every open stream. */
  sendToStreams(text: string): void {
    this.streams.filter((stream) => !stream.writableEnded).forEach((stream) => stream.write(text));
  }

  /** Ends every open stream, as a network drop would. */
  dropStreams(): void {
    this.streams.forEach((stream) => stream.destroy());
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => void this.answer(request, response));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const [path, query = ''] = (request.url ?? '/').split('?');
    const recorded: RecordedRequest = { method: request.method ?? 'GET', path, query, headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() };
    this.requests.push(recorded);
    const route = `${request.method} ${path}`;
    if (route === 'GET /events/stream' && !this.scripts.has(route)) {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      response.write(': connected\n\n');
      this.streams.push(response);
      return;
    }
    const answer = this.handlers.get(route)?.(recorded) ?? this.scripted(`${request.headers['x-instance-id']} ${route}`) ?? this.scripted(route) ?? { status: 404, body: { status: 404, detail: `no script for ${route}` } };
    if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
    response.writeHead(answer.status, { 'content-type': 'application/json' });
    response.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
    recorded.finishedAt = Date.now();
  }

  private scripted(key: string): ScriptedResponse | undefined {
    const queue = this.scripts.get(key);
    return queue ? (queue.length > 1 ? queue.shift()! : queue[0]) : undefined;
  }
}
