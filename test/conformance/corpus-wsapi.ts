import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { corpusBytes } from '../fixtures/wsapi-corpus';

/**
 * WSAPI's REST API answering with the corpus' bodies, per instance. (FakeWsapi answers per route,
 * the same for every instance.) Only the instances a spec names get bodies; any other request —
 * e.g. a bootstrap or reconcile snapshot of an instance that only has events — gets the spec's
 * NotFound answer, so no snapshot can overwrite what that instance's events set.
 */
export class CorpusWsapi {
  /** `<instanceId> <METHOD> <path>` of every request, in arrival order. */
  readonly calls: string[] = [];
  private readonly answers = new Map<string, { status: number; file: string }>();
  private server: Server | undefined;
  baseUrl = '';

  /** Answers `route` ("GET /contacts") for `instanceId` with the corpus file `file` (`rest/…`). */
  answer(instanceId: string, route: string, status: number, file: string): this {
    this.answers.set(`${instanceId} ${route}`, { status, file });
    return this;
  }

  callsOf(instanceId: string, route: string): number {
    return this.calls.filter((call) => call === `${instanceId} ${route}`).length;
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      request.resume(); // request bodies say nothing here (flush-history has none)
      const call = `${request.headers['x-instance-id']} ${request.method} ${(request.url ?? '/').split('?')[0]}`;
      this.calls.push(call);
      const { status, file } = this.answers.get(call) ?? { status: 404, file: 'rest/error.NotFound.json' };
      response.writeHead(status, { 'content-type': 'application/json' }).end(corpusBytes(file));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
