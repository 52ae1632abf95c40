/**
 * The few calls a simulator run makes to the service itself (the demo, the benchmark and the
 * integration spec share them): readiness, projection lag, and the admin endpoints.
 */
export class ServiceClient {
  constructor(
    readonly baseUrl: string,
    private readonly adminToken?: string,
  ) {}

  async ready(): Promise<boolean> {
    try {
      return (await fetch(`${this.baseUrl}/health/ready`)).status === 200;
    } catch {
      return false;
    }
  }

  /** Records every projection has yet to apply (GET /projections/lag). */
  async totalLag(): Promise<number> {
    const response = await fetch(`${this.baseUrl}/projections/lag`);
    if (!response.ok) throw new Error(`GET /projections/lag answered ${response.status}`);
    return ((await response.json()) as { totalLag: number }).totalLag;
  }

  /** PUT /admin/instances/:id/settings {historySync}: the per-instance HistorySync setting. */
  async setHistorySync(instanceId: string, historySync: boolean): Promise<void> {
    const response = await fetch(`${this.baseUrl}/admin/instances/${encodeURIComponent(instanceId)}/settings`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.adminToken}` },
      body: JSON.stringify({ historySync }),
    });
    if (!response.ok) throw new Error(`PUT settings of ${instanceId} answered ${response.status}: ${await response.text()}`);
  }

  /** GET /admin/instances/:id: the sync state row (`instance`), settings and outbox jobs. */
  async describeInstance(instanceId: string): Promise<{ instance: Record<string, unknown> | null; jobs: Record<string, unknown>[] } | undefined> {
    const response = await fetch(`${this.baseUrl}/admin/instances/${encodeURIComponent(instanceId)}`, { headers: { authorization: `Bearer ${this.adminToken}` } });
    if (response.status === 404) return undefined;
    if (!response.ok) throw new Error(`GET instance ${instanceId} answered ${response.status}`);
    return (await response.json()) as { instance: Record<string, unknown> | null; jobs: Record<string, unknown>[] };
  }
}

/** Polls until `check` returns a value other than undefined/false, or throws at the deadline naming `what`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs: number, intervalMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${(lastError as Error).message}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
