import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readNxJson, type Tree } from '@nx/devkit';
import { createTree, createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import initGenerator from './generator';

describe('init generator', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
  });

  it('registers the plugin, its shared configuration, ignores build output and makes a workspace', async () => {
    const targetDefaults = readNxJson(tree)!.targetDefaults;
    await initGenerator(tree, { skipFormat: true });
    const nxJson = readNxJson(tree)!;
    expect(nxJson.plugins).toContain('@ms/rust');
    expect(Object.keys(nxJson.namedInputs!)).toEqual(expect.arrayContaining(['cargo-sources', 'cargo-workspace', 'cargo-env']));
    // No targetDefaults: Nx merges each entry into every target of every crate, at more cost than it saves.
    expect(nxJson.targetDefaults).toEqual(targetDefaults);
    expect(tree.read('.gitignore', 'utf-8')).toMatch(/^target\/$/m);
    expect(tree.read('.gitignore', 'utf-8')).toMatch(/^dist\/$/m);
    expect(tree.read('Cargo.toml', 'utf-8')).toContain('[workspace]\nresolver = "2"\nmembers = []');
  });

  it("ignores Nx's cache, workspace data and migration runs as `nx init` does, not the rest of .nx/", async () => {
    tree.write('.gitignore', 'node_modules\n');
    await initGenerator(tree, { skipFormat: true });
    expect(tree.read('.gitignore', 'utf-8')).toBe('node_modules\ntarget/\ndist/\n.nx/cache\n.nx/workspace-data\n.nx/migrate-runs\n');
  });

  it('adds no .nx/ entries where .gitignore ignores .nx already', async () => {
    tree.write('.gitignore', 'target\n/dist/\n.nx/\n');
    await initGenerator(tree, { skipFormat: true });
    expect(tree.read('.gitignore', 'utf-8')).toBe('target\n/dist/\n.nx/\n');
  });

  it('changes nothing the second time', async () => {
    await initGenerator(tree, { skipFormat: true });
    const before = { nx: tree.read('nx.json', 'utf-8'), ignore: tree.read('.gitignore', 'utf-8'), cargo: tree.read('Cargo.toml', 'utf-8') };
    await initGenerator(tree, { skipFormat: true });
    expect({ nx: tree.read('nx.json', 'utf-8'), ignore: tree.read('.gitignore', 'utf-8'), cargo: tree.read('Cargo.toml', 'utf-8') }).toEqual(before);
  });

  it('keeps what the user has: their Cargo.toml, their plugin options and entries, their named inputs', async () => {
    tree.write('Cargo.toml', '# mine\n[package]\nname = "solo"\nversion = "1.0.0"\n');
    tree.write('.gitignore', 'node_modules\n/target');
    const nxJson = readNxJson(tree)!;
    nxJson.plugins = [{ plugin: '@ms/rust', options: { build: { targetName: 'compile' } } }];
    nxJson.namedInputs = { 'cargo-env': [{ env: 'MY_FLAGS' }] };
    nxJson.targetDefaults = { test: { cache: true } };
    tree.write('nx.json', JSON.stringify(nxJson));

    await initGenerator(tree, { skipFormat: true });
    const after = readNxJson(tree)!;
    expect(after.plugins).toEqual([{ plugin: '@ms/rust', options: { build: { targetName: 'compile' } } }]);
    expect(after.namedInputs!['cargo-env']).toEqual([{ env: 'MY_FLAGS' }]);
    expect(after.targetDefaults).toEqual({ test: { cache: true } });
    // An empty targetDefaults of the user's stays as it is.
    tree.write('nx.json', JSON.stringify({ ...after, targetDefaults: {} }));
    await initGenerator(tree, { skipFormat: true });
    expect(readNxJson(tree)!.targetDefaults).toEqual({});
    expect(tree.read('Cargo.toml', 'utf-8')).toBe('# mine\n[package]\nname = "solo"\nversion = "1.0.0"\n');
    expect(tree.read('.gitignore', 'utf-8')).toBe('node_modules\n/target\ndist/\n.nx/cache\n.nx/workspace-data\n.nx/migrate-runs\n');
  });

  // Every named input an init wrote before cargo-workspace printed the environment (cargo-env ran its own process, fmt named
  // cargo-workspace): the nx.json of a workspace set up then, as it is on disk.
  const earlier = (): Record<string, unknown> => JSON.parse(readFileSync(join(__dirname, '__fixtures__/earlier-named-inputs.json'), 'utf8'));
  const withNamedInputs = (namedInputs: Record<string, unknown>) => tree.write('nx.json', JSON.stringify({ ...readNxJson(tree)!, namedInputs }));

  it('replaces the named inputs an earlier init wrote that have changed since, all of them, as a fresh init writes them', async () => {
    await initGenerator(tree, { skipFormat: true });
    const fresh = readNxJson(tree)!.namedInputs!;
    withNamedInputs(earlier());
    await initGenerator(tree, { skipFormat: true });
    const after = readNxJson(tree)!.namedInputs!;
    expect(after).toEqual(fresh);
    expect(after['cargo-env']).toEqual([]);
    expect(after['cargo-workspace']).toContainEqual({ runtime: expect.stringContaining("printWorkspace({dir:'',env:true})") });
    expect(after['cargo-fmt-inputs']).toContain('cargo-toolchain');
  });

  it('changes none of them when one is not what an earlier init wrote (it is the user’s), and adds what is new', async () => {
    for (const [name, mine] of [
      ['cargo-env', [{ runtime: 'echo mine' }]],
      ['cargo-workspace', ['{workspaceRoot}/Cargo.toml']],
      ['cargo-fmt-inputs', ['cargo-sources']],
    ] as const) {
      withNamedInputs({ ...earlier(), [name]: mine, 'cargo-sources': ['{projectRoot}/src/**/*'] });
      await initGenerator(tree, { skipFormat: true });
      const after = readNxJson(tree)!.namedInputs!;
      expect(after).toEqual({ ...earlier(), [name]: mine, 'cargo-sources': ['{projectRoot}/src/**/*'], 'cargo-toolchain': expect.any(Array) });
    }
  });

  it("removes the targets' metadata an earlier init wrote into targetDefaults, and nothing else", async () => {
    const ours = (metadata: object) => ({ filter: { plugin: '@ms/rust' }, metadata });
    const nxJson = readNxJson(tree)!;
    nxJson.targetDefaults = {
      build: [ours({ description: 'Compile the crate' })],
      // The user's catch-all, which that init had turned into a list.
      test: [{ cache: true }, ours({ description: 'Run unit, integration and doc tests' })],
      'test-ci--*': [ours({ description: 'One test binary' })],
      // The user's own entries filtered to the plugin: they set more than metadata.
      lint: [{ filter: { plugin: '@ms/rust' }, cache: false }],
      doc: [{ filter: { plugin: '@ms/rust' }, metadata: { description: 'mine' }, inputs: ['default'] }],
      fmt: [{ filter: { plugin: '@nx/js' }, metadata: { description: 'theirs' } }],
    };
    tree.write('nx.json', JSON.stringify(nxJson));

    await initGenerator(tree, { skipFormat: true });
    expect(readNxJson(tree)!.targetDefaults).toEqual({
      test: { cache: true },
      lint: [{ filter: { plugin: '@ms/rust' }, cache: false }],
      doc: [{ filter: { plugin: '@ms/rust' }, metadata: { description: 'mine' }, inputs: ['default'] }],
      fmt: [{ filter: { plugin: '@nx/js' }, metadata: { description: 'theirs' } }],
    });
  });
});

describe('init generator in a workspace without nx.json', () => {
  let tree: Tree;
  beforeEach(() => {
    // As after `npm install -D nx`: a package.json, no nx.json (Nx then loads no plugin at all).
    tree = createTree();
    tree.write('package.json', JSON.stringify({ name: 'fresh', private: true, devDependencies: { nx: '24.0.6' } }));
  });

  it("creates nx.json with Nx's schema, the plugin and the configuration its targets share", async () => {
    await initGenerator(tree, { skipFormat: true });
    expect(tree.exists('nx.json')).toBe(true);
    const nxJson = JSON.parse(tree.read('nx.json', 'utf-8')!);
    expect(Object.keys(nxJson)[0]).toBe('$schema');
    expect(nxJson.$schema).toBe('./node_modules/nx/schemas/nx-schema.json');
    expect(nxJson.plugins).toEqual(['@ms/rust']);
    expect(Object.keys(nxJson.namedInputs)).toEqual(expect.arrayContaining(['cargo-sources', 'cargo-workspace', 'cargo-env']));
    expect(nxJson.targetDefaults).toBeUndefined();
    expect(tree.read('.gitignore', 'utf-8')).toBe('target/\ndist/\n.nx/cache\n.nx/workspace-data\n.nx/migrate-runs\n');
    expect(tree.read('Cargo.toml', 'utf-8')).toContain('[workspace]');
  });

  it('changes nothing the second time', async () => {
    await initGenerator(tree, { skipFormat: true });
    const files = ['nx.json', '.gitignore', 'Cargo.toml', 'package.json'];
    const before = files.map((f) => tree.read(f, 'utf-8'));
    await initGenerator(tree, { skipFormat: true });
    expect(files.map((f) => tree.read(f, 'utf-8'))).toEqual(before);
  });
});

describe('init generator: nx release', () => {
  const lib = (tree: Tree, dir: string, manifest: string) => {
    tree.write(`${dir}/Cargo.toml`, manifest);
    tree.write(`${dir}/src/lib.rs`, '');
  };
  const inheriting = (name: string) => `[package]\nname = "${name}"\nversion.workspace = true\nedition = "2021"\n`;
  const own = (name: string, extra = '') => `[package]\nname = "${name}"\nversion = "1.0.0"\nedition = "2021"\n${extra}`;
  const VERSION = { versionActions: '@ms/rust/release', currentVersionResolver: 'disk' };
  let tree: Tree;
  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
  });

  it('releases crates sharing the workspace version as one fixed group, with one changelog and v{version} tags', async () => {
    tree.write('Cargo.toml', '[workspace]\nmembers = ["crates/*"]\n[workspace.package]\nversion = "0.1.0"\n');
    lib(tree, 'crates/b', inheriting('b'));
    lib(tree, 'crates/a', `${inheriting('a')}\n[package.metadata.nx]\nname = "a-project"\n`);
    await initGenerator(tree, { skipFormat: true });
    expect(readNxJson(tree)!.release).toEqual({
      projects: ['a-project', 'b'],
      projectsRelationship: 'fixed',
      releaseTag: { pattern: 'v{version}' },
      version: VERSION,
      changelog: { workspaceChangelog: { file: '{workspaceRoot}/CHANGELOG.md', createRelease: false }, projectChangelogs: false },
    });
  });

  it('writes the fixed configuration, with no crate yet, for a new workspace', async () => {
    await initGenerator(tree, { skipFormat: true });
    expect(readNxJson(tree)!.release).toMatchObject({ projects: [], projectsRelationship: 'fixed', version: VERSION });
  });

  it('releases crates with versions of their own independently, and leaves out unpublished ones', async () => {
    tree.write('Cargo.toml', '[workspace]\nmembers = ["crates/*"]\n');
    lib(tree, 'crates/a', own('a'));
    lib(tree, 'crates/tools', own('tools', 'publish = false\n'));
    await initGenerator(tree, { skipFormat: true });
    expect(readNxJson(tree)!.release).toEqual({
      projects: ['a'],
      projectsRelationship: 'independent',
      releaseTag: { pattern: '{projectName}@{version}' },
      version: VERSION,
      changelog: { workspaceChangelog: false, projectChangelogs: { file: '{projectRoot}/CHANGELOG.md', createRelease: false } },
    });
  });

  it('makes a group of each kind when both are there', async () => {
    tree.write('Cargo.toml', '[workspace]\nmembers = ["crates/*"]\n[workspace.package]\nversion = "0.1.0"\n');
    lib(tree, 'crates/a', own('a'));
    lib(tree, 'crates/b', inheriting('b'));
    await initGenerator(tree, { skipFormat: true });
    expect(readNxJson(tree)!.release).toEqual({
      groups: {
        workspace: { projects: ['b'], projectsRelationship: 'fixed', releaseTag: { pattern: 'v{version}' } },
        crates: { projects: ['a'], projectsRelationship: 'independent', releaseTag: { pattern: '{projectName}@{version}' } },
      },
      version: VERSION,
      changelog: { workspaceChangelog: false, projectChangelogs: { file: '{projectRoot}/CHANGELOG.md', createRelease: false } },
    });
  });

  it('never touches a release configuration that is there', async () => {
    const nxJson = readNxJson(tree)!;
    nxJson.release = { projects: ['mine'], version: { conventionalCommits: true } };
    tree.write('nx.json', JSON.stringify(nxJson));
    tree.write('Cargo.toml', '[workspace]\nmembers = ["crates/*"]\n[workspace.package]\nversion = "0.1.0"\n');
    lib(tree, 'crates/b', inheriting('b'));
    await initGenerator(tree, { skipFormat: true });
    expect(readNxJson(tree)!.release).toEqual({ projects: ['mine'], version: { conventionalCommits: true } });
  });
});
