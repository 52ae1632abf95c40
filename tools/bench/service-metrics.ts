/** Counters the service exposes on GET /metrics (Prometheus text), summed by one label. */
export async function counterByLabel(baseUrl: string, metric: string, label: string, filter: Record<string, string> = {}): Promise<Map<string, number>> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const totals = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${metric}{`)) continue;
    const labels = Object.fromEntries([...line.slice(metric.length + 1, line.lastIndexOf('}')).matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(filter).some(([name, value]) => labels[name] !== value)) continue;
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    totals.set(labels[label], (totals.get(labels[label]) ?? 0) + value);
  }
  return totals;
}

/** Events the projections applied so far, per projection. */
export const appliedByProjection = (baseUrl: string) => counterByLabel(baseUrl, 'wsapi_projection_events_total', 'projection', { outcome: 'applied' });
