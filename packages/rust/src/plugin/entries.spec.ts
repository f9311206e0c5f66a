import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ProjectConfiguration } from '@nx/devkit';
import { computeGraph } from '../testing/graph-computation';
import { createDependencies } from './create-dependencies';
import { createNodes } from './create-nodes';
import type { RustPluginOptions } from './options';

/**
 * Two plugin entries of nx.json in one process (plugin isolation off), one with `include:
 * ["crates-a/**"]`, one with `include: ["crates-b/**"]`: Nx hands each createNodes its own files,
 * then calls each createDependencies, both in nx.json's order.
 */
describe('two plugin entries in one process', () => {
  let root: string;
  const write = (file: string, text: string) => {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  };
  const crate = (dir: string, name: string, deps = '') => {
    write(`${dir}/Cargo.toml`, `[package]\nname = "${name}"\nversion = "0.1.0"\nedition = "2021"\n${deps}`);
    write(`${dir}/src/lib.rs`, '');
  };
  const filesOf = (prefix: string) => [`${prefix}/Cargo.toml`, `${prefix}/x/Cargo.toml`, `${prefix}/y/Cargo.toml`, `${prefix}/x/src/lib.rs`, `${prefix}/y/src/lib.rs`];
  const filesA = filesOf('crates-a');
  const filesB = filesOf('crates-b');

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'ms-rust-entries-'));
    process.env.NX_WORKSPACE_DATA_DIRECTORY = join(root, '.data');
    for (const p of ['crates-a', 'crates-b']) write(`${p}/Cargo.toml`, '[workspace]\nmembers = ["x", "y"]\n');
    crate('crates-a/x', 'a-x', '[dependencies]\na-y = { path = "../y" }\n');
    crate('crates-a/y', 'a-y');
    crate('crates-b/x', 'b-x', '[dependencies]\nb-y = { path = "../y" }\n');
    crate('crates-b/y', 'b-y');
  });
  afterEach(() => {
    delete process.env.NX_WORKSPACE_DATA_DIRECTORY;
    rmSync(root, { recursive: true, force: true });
  });

  /** One graph computation: each entry's createNodes, then each one's createDependencies. */
  async function graph(entries: { files: string[]; options?: RustPluginOptions }[]) {
    const { projects, edges } = await computeGraph({ createNodes, createDependencies }, root, entries);
    return { projects: Object.keys(projects).sort(), edges: edges.map((list) => list.map((d) => `${d.source} -> ${d.target}`)) };
  }

  it('gives each entry the edges of its own crates, computation after computation', async () => {
    for (let i = 0; i < 2; i++) {
      expect(await graph([{ files: filesA }, { files: filesB }])).toEqual({
        projects: ['a-x', 'a-y', 'b-x', 'b-y'],
        edges: [['a-x -> a-y'], ['b-x -> b-y']],
      });
    }
  });

  it('tells entries with different options apart whatever the order', async () => {
    const a = { files: filesA, options: { lint: false as const } };
    const b = { files: filesB, options: { doc: false as const } };
    await graph([a, b]);
    const context = await graph([b, a]);
    expect(context.edges).toEqual([['b-x -> b-y'], ['a-x -> a-y']]);
  });

  it('gives an entry whose createNodes failed no edges, not another entry’s', async () => {
    const bad: RustPluginOptions = { build: { targetName: 'check' } };
    const nodesContext = { workspaceRoot: root, nxJsonConfiguration: {} };
    expect(() => createNodes[1](filesA, bad, nodesContext)).toThrow(/both name their target "check"/);
    const projects = Object.fromEntries(
      (await createNodes[1](filesB, undefined, nodesContext)).flatMap(([, r]) => Object.values(r.projects ?? {}).map((p) => [p.name!, p as ProjectConfiguration])),
    );
    const none = { projectFileMap: {}, nonProjectFiles: [] };
    const context = { ...nodesContext, projects, externalNodes: {}, fileMap: none, filesToProcess: none };
    expect(await createDependencies(bad, context)).toEqual([]);
    expect((await createDependencies(undefined, context)).map((d) => `${d.source} -> ${d.target}`)).toEqual(['b-x -> b-y']);
  });
});
