import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/**
 * Data flows one way: no module imports itself through others (type imports count: they tie the
 * files together as much), and no folder inside an area (plugin/targets/, executors/cargo/, …)
 * imports a module that imports the folder back.
 */
const SRC = __dirname;
const IMPORT = /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]*?\s+from\s+)?['"](\.{1,2}\/[^'"]*)['"]|(?:require|import)\(\s*['"](\.{1,2}\/[^'"]*)['"]\s*\)/g;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name.startsWith('__') ? [] : sources(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

function resolveImport(from: string, spec: string): string | undefined {
  const base = join(dirname(from), spec);
  return [`${base}.ts`, join(base, 'index.ts'), base].find((p) => p.endsWith('.ts') && existsSync(p));
}

/** Every module's relative imports, as paths from src/. */
function importGraph(root: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sources(root)) {
    const text = readFileSync(file, 'utf8');
    const targets = [...text.matchAll(IMPORT)].map((m) => resolveImport(file, m[1] ?? m[2])).filter((p): p is string => p !== undefined);
    graph.set(relative(root, file), [...new Set(targets.map((p) => relative(root, p)))]);
  }
  return graph;
}

/** The same graph with each folder two levels down (plugin/targets/) as one node. */
function folderGraph(graph: Map<string, string[]>): Map<string, string[]> {
  const unit = (path: string) => (path.split('/').length > 2 ? `${path.split('/').slice(0, 2).join('/')}/` : path);
  const out = new Map<string, Set<string>>();
  for (const [from, tos] of graph) {
    const edges = out.get(unit(from)) ?? new Set<string>();
    for (const to of tos) if (unit(to) !== unit(from)) edges.add(unit(to));
    out.set(unit(from), edges);
  }
  return new Map([...out].map(([k, v]) => [k, [...v]]));
}

/** One cycle per strongly connected component with more than one node, as `a -> b -> a`. */
function cycles(graph: Map<string, string[]>): string[] {
  const found: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next].join(' -> '));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return found;
}

describe('imports', () => {
  const graph = importGraph(SRC);

  it('finds a cycle when there is one (the check itself)', () => {
    const sample = new Map([
      ['plugin/inputs.ts', ['plugin/options.ts']],
      ['plugin/options.ts', ['plugin/inputs.ts']],
      ['plugin/shared-config.ts', ['plugin/targets/index.ts']],
      ['plugin/targets/crate-targets.ts', ['plugin/shared-config.ts']],
    ]);
    expect(cycles(sample)).toEqual(['plugin/inputs.ts -> plugin/options.ts -> plugin/inputs.ts']);
    expect(cycles(folderGraph(sample))).toContain('plugin/shared-config.ts -> plugin/targets/ -> plugin/shared-config.ts');
  });

  it('reads the real imports, type imports included', () => {
    expect(graph.get('plugin/targets/spec.ts')).toEqual(expect.arrayContaining(['cargo/index.ts', 'plugin/options.ts']));
  });

  it('has no module that imports itself through others', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('has no folder that imports a module importing the folder back', () => {
    expect(cycles(folderGraph(graph))).toEqual([]);
  });
});
