import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

/**
 * The layers of src/, lowest first. A context may import its own layer's contexts and any lower
 * layer's, never a higher one's; and no chain of imports between files may come back to where it
 * started. A new folder must be placed here (the spec fails on a context it does not know); a few
 * are named ahead of the branches that bring them (history-pages, backfill, roots, cli).
 */
const LAYERS: readonly (readonly string[])[] = [
  ['errors', 'config'],
  ['metrics', 'wsapi', 'http'],
  ['database', 'kafka'],
  ['outbox', 'snapshots'],
  ['instance-settings'],
  ['projections/engine', 'projections/upsert'],
  ['projections/chat-common', 'projections/messages', 'projections/chats', 'projections/contacts', 'projections/groups', 'projections/sync-state', 'projections/history-pages'],
  ['projections'],
  ['ingress', 'history-flush', 'health'],
  ['admin'],
  ['replay'],
  ['backfill'],
  ['(root)', 'roots', 'cli'], // roots/: the root module of each process kind; cli/: what the admin CLIs share
  ['(entry point)'],
];

/** The files a process starts from: above everything, whichever folder they sit in. */
const ENTRY_POINTS: readonly string[] = ['src/main.ts', 'src/replay/replay.cli.ts', 'src/backfill/backfill.cli.ts'];

const ROOT = join(__dirname, '..');

function sourceFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { withFileTypes: true }).flatMap((entry) => {
    const path = `${folder}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** The files a file imports (relative imports only; packages are no layer of ours). */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const targets = [...text.matchAll(/(?:from|import)\s+'(\.[^']*)'/g)].map((match) => normalize(join(dirname(file), match[1])));
  return targets.map((target) => (target.endsWith('.ts') ? target : `${target}.ts`)).map((target) => relative(ROOT, join(ROOT, target)));
}

/** `src/projections/chats/x.ts` → `projections/chats`; `src/kafka/x.ts` → `kafka`; `src/app.module.ts` → `(root)`. */
function contextOf(file: string): string {
  if (ENTRY_POINTS.includes(file)) return '(entry point)';
  const parts = file.split('/');
  if (parts.length === 2) return '(root)';
  if (parts[1] === 'projections' && parts.length > 3) return `projections/${parts[2]}`;
  return parts[1];
}

function layerOf(context: string): number {
  const layer = LAYERS.findIndex((contexts) => contexts.includes(context));
  if (layer < 0) throw new Error(`context ${context} is in no layer: add it to LAYERS`);
  return layer;
}

/** Every cycle a depth-first walk meets, as `a -> b -> a`. */
function cyclesIn(edges: ReadonlyMap<string, readonly string[]>): string[] {
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (node: string, path: string[]): void => {
    if (state.get(node) === 'done') return;
    if (state.get(node) === 'open') {
      cycles.push([...path.slice(path.indexOf(node)), node].join(' -> '));
      return;
    }
    state.set(node, 'open');
    for (const next of edges.get(node) ?? []) visit(next, [...path, node]);
    state.set(node, 'done');
  };
  for (const node of edges.keys()) visit(node, []);
  return cycles;
}

const files = sourceFiles('src');
const graph = new Map(files.map((file) => [file, importsOf(file).filter((target) => target.startsWith('src/'))]));

describe('src layers', () => {
  it('has every import pointing down (or within its layer)', () => {
    const upward = [...graph].flatMap(([file, targets]) =>
      targets.filter((target) => layerOf(contextOf(target)) > layerOf(contextOf(file))).map((target) => `${file} -> ${target}`),
    );
    expect(upward).toEqual([]);
  });

  it('has no import cycle between files', () => {
    expect(cyclesIn(graph)).toEqual([]);
  });

  it('has no import cycle between contexts (two of one layer included)', () => {
    const contexts = new Map<string, string[]>();
    for (const [file, targets] of graph) {
      const from = contextOf(file);
      const to = targets.map(contextOf).filter((context) => context !== from);
      contexts.set(from, [...new Set([...(contexts.get(from) ?? []), ...to])]);
    }
    expect(cyclesIn(contexts)).toEqual([]);
  });

  it('sees the imports it judges (the check cannot pass on an empty graph)', () => {
    expect(graph.get('src/projections/engine/batch-applier.ts')).toContain('src/database/sql-executor.ts');
  });
});
