/**
 * Which crates become Nx projects, under which names, and the edges between them, checked
 * against cargo's own view (`cargo metadata`) of the same folders.
 *
 * Fixture `projects`:
 *   engine/                 virtual workspace: members crates/* and tools/cli, excludes crates/experimental,
 *                           [workspace.dependencies] base
 *   engine/crates/*         base, util, parser, testkit, codegen, app (bin, build.rs), experimental (excluded)
 *   engine/tools/cli        bin
 *   engine/fuzz/            a nested workspace of its own; its crate is also named `parser`
 *   engine/orphan           under engine/, neither member nor excluded: cargo refuses it
 *   hello/                  a standalone crate outside any workspace
 * Only path dependencies: cargo can build every crate it loads.
 */
import { existsSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { cargoMetadata, createWorkspace, parseJson, taskOutcomes, type CommandResult, type TestWorkspace } from './utils/workspace';

/** Crate folder → the Nx project it must become. */
const EXPECTED: Record<string, string> = {
  'engine/crates/app': 'app',
  'engine/crates/base': 'base',
  'engine/crates/codegen': 'codegen',
  'engine/crates/experimental': 'experimental',
  'engine/crates/parser': 'parser',
  'engine/crates/testkit': 'testkit',
  'engine/crates/util': 'util',
  'engine/tools/cli': 'cli',
  // Same package name as engine/crates/parser; the shallower workspace (engine) keeps the name.
  'engine/fuzz/parser': 'parser@engine/fuzz/parser',
  hello: 'hello',
};

/** Where cargo can be asked: each Cargo workspace root and each standalone crate. */
const CARGO_ROOTS = ['engine', 'engine/fuzz', 'engine/crates/experimental', 'hello'];

interface GraphJson {
  graph: {
    nodes: Record<string, { name: string; type: string; data: { root: string; projectType?: string } }>;
    dependencies: Record<string, { source: string; target: string; type: string }[]>;
  };
}

describe('projects inferred from a mixed layout of Cargo workspaces', () => {
  let ws: TestWorkspace;
  let shown: CommandResult;
  let graph: GraphJson['graph'];
  /** cargo's packages, by crate folder relative to the Nx workspace. */
  const cargo = new Map<string, { name: string; bin: boolean; pathDeps: string[] }>();

  beforeAll(() => {
    ws = createWorkspace('projects');
    shown = ws.nx(['show', 'projects', '--json']);
    ws.nx(['graph', '--file=graph.json']);
    graph = (JSON.parse(ws.read('graph.json')) as GraphJson).graph;
    for (const root of CARGO_ROOTS) {
      for (const pkg of cargoMetadata(ws, root).packages) {
        cargo.set(ws.relative(dirname(pkg.manifest_path)), {
          name: pkg.name,
          bin: pkg.targets.some((t) => t.kind.includes('bin')),
          pathDeps: pkg.dependencies.filter((d) => d.path).map((d) => ws.relative(d.path!)),
        });
      }
    }
  });

  it('lists exactly one project per crate cargo can load', () => {
    expect(parseJson<string[]>(shown).sort()).toEqual(Object.values(EXPECTED).sort());
  });

  it('finds the same crates as cargo, each at its folder, named after its package', () => {
    // The fixture itself agrees with cargo: these are the crates cargo loads.
    expect([...cargo.keys()].sort()).toEqual(Object.keys(EXPECTED).sort());
    const projectNodes = Object.values(graph.nodes);
    expect(projectNodes.map((n) => n.name).sort()).toEqual(Object.values(EXPECTED).sort());
    for (const node of projectNodes) {
      const crate = cargo.get(node.data.root);
      expect({ project: node.name, crate: crate?.name }).toEqual({ project: node.name, crate: node.name.split('@')[0] });
      expect({ project: node.name, projectType: node.data.projectType }).toEqual({
        project: node.name,
        projectType: crate!.bin ? 'application' : 'library',
      });
    }
  });

  it('has exactly the crate-to-crate edges of cargo path dependencies', () => {
    const nameOf = (dir: string) => EXPECTED[dir] ?? `<not a project: ${dir}>`;
    const expected = [...cargo].flatMap(([dir, c]) => c.pathDeps.map((dep) => `${nameOf(dir)} -> ${nameOf(dep)}`)).sort();
    const actual = Object.values(graph.dependencies)
      .flat()
      .filter((d) => graph.nodes[d.source] && graph.nodes[d.target])
      .map((d) => `${d.source} -> ${d.target}`)
      .sort();
    expect(actual).toEqual(expected);
    // Each kind of path dependency the fixture declares is among them.
    expect(actual).toEqual(
      expect.arrayContaining([
        'util -> base', // inherited from [workspace.dependencies]
        'parser -> testkit', // dev-dependency
        'app -> codegen', // build-dependency
        'app -> parser', // [target.'cfg(unix)'.dependencies]
        'app -> util', // renamed (`utils = { package = "util" }`)
        'parser@engine/fuzz/parser -> parser', // across workspaces, to a crate of the same name
        'experimental -> base', // from an excluded crate
        'hello -> base', // from a standalone crate
      ]),
    );
  });

  it('leaves out the crate cargo refuses, and warns about it', () => {
    const refused = ws.cargo(['metadata', '--no-deps', '--offline', '--format-version', '1'], { cwd: 'engine/orphan', allowFailure: true });
    expect(refused.status).not.toBe(0);
    expect(refused.output).toContain("believes it's in a workspace when it's not");
    expect(existsSync(ws.path('engine/orphan/Cargo.toml'))).toBe(true);
    expect(parseJson<string[]>(shown)).not.toContain('orphan');
    expect(shown.output).toMatch(/engine\/orphan\/Cargo\.toml.*(member|exclude)/);
  });

  it('hashes the files cargo reads for a crate: its own, its path dependencies’, and the workspace files from the Cargo root up', () => {
    // Files cargo or rustup read from where cargo runs for cli (engine/) upwards, and one they don't.
    const extra = ['engine/.cargo/config.toml', '.cargo/config.toml', 'rust-toolchain.toml', 'engine/fuzz/.cargo/config.toml'];
    let inputs: string[];
    try {
      for (const file of extra) ws.write(file, file.endsWith('rust-toolchain.toml') ? '[toolchain]\nchannel = "stable"\n' : '# e2e\n');
      inputs = ws.nxJson<{ files: string[] }>(['show', 'target', 'inputs', 'cli:build', '--json']).files;
    } finally {
      for (const file of extra) rmSync(ws.path(file.replace(/\/config\.toml$/, '')), { recursive: true, force: true });
    }
    expect(inputs).toEqual(
      expect.arrayContaining([
        'engine/tools/cli/Cargo.toml',
        'engine/tools/cli/src/main.rs',
        'engine/crates/parser/src/lib.rs', // dependency
        'engine/crates/base/src/lib.rs', // dependency of the dependency, and dev-dependency
        'engine/Cargo.toml',
        'engine/.cargo/config.toml',
        '.cargo/config.toml',
        'rust-toolchain.toml',
      ]),
    );
    // Crates cli does not depend on, and a cargo config cargo never reads for it.
    for (const file of ['engine/crates/util/src/lib.rs', 'engine/crates/codegen/src/lib.rs', 'engine/fuzz/.cargo/config.toml', 'hello/src/main.rs']) {
      expect({ file, hashed: inputs.includes(file) }).toEqual({ file, hashed: false });
    }
  });

  it('builds crates of the nested, excluded and standalone Cargo roots from their own root', () => {
    const result = ws.nx(['run-many', '-t', 'build', '--projects=cli,experimental,hello', '--output-style=static']);
    expect([...taskOutcomes(result)].sort()).toEqual([
      ['cli:build', 'run'],
      ['experimental:build', 'run'],
      ['hello:build', 'run'],
    ]);
    expect(result.output).toMatch(/Compiling cli v0\.1\.0 \(\S*engine\/tools\/cli\)/);
    expect(result.output).toMatch(/Compiling hello v0\.1\.0 \(\S*hello\)/);
  });

  it('builds parser@engine/fuzz/parser, whose Cargo workspace also resolves the other `parser` (its dependency)', () => {
    // engine/fuzz resolves two `parser` packages (0.2.0, its member, and 0.1.0, its dependency).
    const result = ws.nx(['build', 'parser@engine/fuzz/parser', '--output-style=static'], { allowFailure: true });
    expect(result.output).toMatch(/Compiling parser v0\.2\.0 \(\S*engine\/fuzz\/parser\)/);
    expect(result.status).toBe(0);
  });
});
