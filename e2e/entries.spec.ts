/**
 * Several entries of the plugin in nx.json, and what the graph path of the plugin loads.
 *
 * Fixture `entries`: two Cargo workspaces, `crates-a` (app-a -> core-a, util-a; core-a -> util-a)
 * and `crates-b` (app-b -> core-b -> util-b), each given to an entry of its own by `include`.
 */
import { readdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { cargoMetadata, createWorkspace, OLDER_NX_MAJORS, parseJson, prepareNxTemplate, type TestWorkspace } from './utils/workspace';

interface GraphJson {
  graph: { nodes: Record<string, { data: { root: string } }>; dependencies: Record<string, { source: string; target: string }[]> };
}

const ENTRIES = [
  { plugin: '@ms/rust', include: ['crates-a/**'] },
  { plugin: '@ms/rust', include: ['crates-b/**'] },
];

const PROJECTS = ['app-a', 'app-b', 'core-a', 'core-b', 'util-a', 'util-b'];

function entriesWorkspace(template?: ReturnType<typeof prepareNxTemplate>): TestWorkspace {
  const ws = createWorkspace('entries', { template });
  ws.write('nx.json', `${JSON.stringify({ plugins: ENTRIES }, null, 2)}\n`);
  ws.commit('two plugin entries');
  return ws;
}

/** cargo's path-dependency edges of both Cargo workspaces, as `name -> name`, sorted. */
function cargoEdgesOf(ws: TestWorkspace): string[] {
  return ['crates-a', 'crates-b']
    .flatMap((dir) => {
      const packages = cargoMetadata(ws, dir).packages;
      const nameAt = new Map(packages.map((p) => [ws.relative(dirname(p.manifest_path)), p.name]));
      return packages.flatMap((p) => p.dependencies.filter((d) => d.path).map((d) => `${p.name} -> ${nameAt.get(ws.relative(d.path!))}`));
    })
    .sort();
}

function graphOf(ws: TestWorkspace, env: Record<string, string>): { projects: string[]; edges: string[] } {
  ws.nx(['graph', '--file=graph.json'], { env });
  const graph = (JSON.parse(ws.read('graph.json')) as GraphJson).graph;
  const edges = Object.values(graph.dependencies)
    .flat()
    .map((d) => `${d.source} -> ${d.target}`)
    .sort();
  return { projects: Object.keys(graph.nodes).sort(), edges };
}

describe('two plugin entries over two Cargo workspaces', () => {
  let ws: TestWorkspace;
  let cargoEdges: string[];

  beforeAll(() => {
    ws = entriesWorkspace();
    cargoEdges = cargoEdgesOf(ws);
  });

  // Plugin isolation on (Nx's default: a process per entry) and off (every entry in Nx's process).
  for (const isolate of ['true', 'false']) {
    describe(`NX_ISOLATE_PLUGINS=${isolate}`, () => {
      const env = { NX_ISOLATE_PLUGINS: isolate };

      it('has exactly cargo’s edges of each workspace, none across, in a cold and a warm graph', () => {
        // The fixture agrees with itself: both workspaces have edges, of different shapes.
        expect(cargoEdges).toEqual(['app-a -> core-a', 'app-a -> util-a', 'app-b -> core-b', 'core-a -> util-a', 'core-b -> util-b']);
        rmSync(ws.path('.nx'), { recursive: true, force: true });
        for (const run of ['cold', 'warm']) expect({ run, ...graphOf(ws, env) }).toEqual({ run, projects: PROJECTS, edges: cargoEdges });
      });

      it('lists the same projects when its caches are written and when they are read, one model kept per entry', () => {
        rmSync(ws.path('.nx'), { recursive: true, force: true });
        // One model snapshot per entry, named by its key: the second run finds both and writes none.
        const snapshots = () => readdirSync(ws.path('.nx/workspace-data/ms-rust-models')).sort();
        const first = parseJson<string[]>(ws.nx(['show', 'projects', '--json'], { env })).sort();
        const written = snapshots();
        const second = parseJson<string[]>(ws.nx(['show', 'projects', '--json'], { env })).sort();
        expect(first).toEqual(PROJECTS);
        expect(second).toEqual(first);
        expect(written).toHaveLength(2);
        expect(snapshots()).toEqual(written);
      });
    });
  }
});

// Older Nx majors hand createNodes and createDependencies the same: each entry's own files to its
// createNodes, and to createDependencies its options only.
describe.each(OLDER_NX_MAJORS)('two plugin entries in one process on Nx $nx', (versions) => {
  it('has exactly cargo’s edges of each workspace', () => {
    const ws = entriesWorkspace(prepareNxTemplate(versions));
    expect(ws.nx(['--version']).output).toContain(`Local: v${versions.nx}`);
    expect(graphOf(ws, { NX_ISOLATE_PLUGINS: 'false' })).toEqual({ projects: PROJECTS, edges: cargoEdgesOf(ws) });
  });
});
