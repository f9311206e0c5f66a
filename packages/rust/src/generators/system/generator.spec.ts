import { readNxJson, updateNxJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { parse } from 'smol-toml';
import { pkg } from '../../testing/memory-workspace';
import { systemGenerator } from './generator';
import type { SystemGeneratorSchema } from './options';

const VIRTUAL = '[workspace]\nresolver = "2"\nmembers = []\n';

function treeWith(files: Record<string, string>): Tree {
  const tree = createTreeWithEmptyWorkspace();
  for (const [path, content] of Object.entries(files)) tree.write(path, content);
  return tree;
}

/** A library crate at `dir`. */
function libCrate(dir: string, name: string): Record<string, string> {
  return { [`${dir}/Cargo.toml`]: pkg(name), [`${dir}/src/lib.rs`]: '' };
}

const read = (tree: Tree, path: string) => tree.read(path, 'utf-8') ?? '';
const toml = (tree: Tree, path: string) => parse(read(tree, path)) as Record<string, any>;

/** Every pending change of the tree, to check that a refused run changed nothing. */
const changes = (tree: Tree) => tree.listChanges().map((c) => [c.path, c.type, c.content?.toString()]);

describe('nx g @ms/rust:system', () => {
  describe('layout', () => {
    it('writes the library, CLI, examples, tests, docs and benches', () => {
      const tree = treeWith({ 'Cargo.toml': VIRTUAL });
      systemGenerator(tree, { name: 'chaos_engine' });
      const files = [
        'Cargo.toml',
        'README.md',
        'src/lib.rs',
        'src/api.rs',
        'src/core.rs',
        'src/config.rs',
        'src/main.rs',
        'examples/basic_usage.rs',
        'examples/advanced.rs',
        'examples/integration.rs',
        'tests/chaos_engine.rs',
        'docs/SPEC.md',
        'docs/ARCHITECTURE.md',
        'docs/API.md',
        'benches/benchmarks.rs',
      ];
      for (const file of files) expect(tree.isFile(`crates/chaos_engine/${file}`)).toBe(true);
      expect(tree.children('crates/chaos_engine').sort()).toEqual(['Cargo.toml', 'README.md', 'benches', 'docs', 'examples', 'src', 'tests']);
      expect(tree.listChanges().some((c) => c.path.endsWith('.template'))).toBe(false);
    });

    it('writes a crate manifest that inherits from the workspace', () => {
      const tree = treeWith({ 'Cargo.toml': VIRTUAL });
      systemGenerator(tree, { name: 'chaos_engine', description: 'Fault injection' });
      expect(read(tree, 'crates/chaos_engine/Cargo.toml')).toBe(
        [
          '[package]',
          'name = "chaos_engine"',
          'version.workspace = true',
          'edition.workspace = true',
          'license.workspace = true',
          'description = "Fault injection"',
          '',
          '[dependencies]',
          'clap.workspace = true',
          '',
          '[dev-dependencies]',
          'criterion.workspace = true',
          '',
          '# Example targets named after the crate: cargo copies every example to target/<profile>/examples/,',
          '# where those of two crates with the same name would overwrite each other.',
          '[[example]]',
          'name = "chaos_engine_basic_usage"',
          'path = "examples/basic_usage.rs"',
          '',
          '[[example]]',
          'name = "chaos_engine_advanced"',
          'path = "examples/advanced.rs"',
          '',
          '[[example]]',
          'name = "chaos_engine_integration"',
          'path = "examples/integration.rs"',
          '',
          '[[bin]]',
          'name = "chaos-cli"',
          'path = "src/main.rs"',
          '',
          '[[bench]]',
          'name = "benchmarks"',
          'harness = false',
          '',
        ].join('\n'),
      );
      expect(read(tree, 'crates/chaos_engine/src/main.rs')).toContain('#[command(name = "chaos-cli")]');
      expect(read(tree, 'crates/chaos_engine/benches/benchmarks.rs')).toContain('use criterion::{black_box, criterion_group, criterion_main};');
    });

    it('leaves out the CLI and the benches when asked, with their dependencies', () => {
      const tree = treeWith({ 'Cargo.toml': VIRTUAL });
      systemGenerator(tree, { name: 'shared_core', cli: false, bench: false });
      expect(tree.exists('crates/shared_core/src/main.rs')).toBe(false);
      expect(tree.exists('crates/shared_core/benches')).toBe(false);
      const manifest = toml(tree, 'crates/shared_core/Cargo.toml');
      expect(manifest.dependencies).toEqual({});
      expect(manifest['dev-dependencies']).toBeUndefined();
      expect(manifest.bin).toBeUndefined();
      expect(manifest.bench).toBeUndefined();
      expect(read(tree, 'Cargo.toml')).toBe('[workspace]\nresolver = "2"\nmembers = ["crates/shared_core"]\n\n[workspace.package]\nversion = "0.1.0"\nedition = "2021"\nlicense = "MIT OR Apache-2.0"\n');
      expect(read(tree, 'crates/shared_core/README.md')).not.toContain('## CLI');
    });

    it('takes a custom CLI name, directory and the workspace root as directory', () => {
      const tree = treeWith({ 'Cargo.toml': VIRTUAL });
      systemGenerator(tree, { name: 'ledger', cliName: 'ledgerctl', directory: 'systems/core/' });
      systemGenerator(tree, { name: 'at_root', directory: '.', cli: false });
      expect(toml(tree, 'systems/core/ledger/Cargo.toml').bin).toEqual([{ name: 'ledgerctl', path: 'src/main.rs' }]);
      expect(toml(tree, 'Cargo.toml').workspace.members).toEqual(['systems/core/ledger', 'at_root']);
      expect(tree.isFile('at_root/src/lib.rs')).toBe(true);
    });

    it('puts a new crate where most member crates are', () => {
      const tree = treeWith({
        'Cargo.toml': '[workspace]\nmembers = ["libs/a", "systems/b", "systems/c"]\n',
        ...libCrate('libs/a', 'a'),
        ...libCrate('systems/b', 'b'),
        ...libCrate('systems/c', 'c'),
      });
      systemGenerator(tree, { name: 'd' });
      expect(tree.isFile('systems/d/Cargo.toml')).toBe(true);
    });
  });

  describe('root Cargo.toml', () => {
    it('adds the member and what the crate inherits, keeping comments and formatting', () => {
      const tree = treeWith({
        'Cargo.toml': [
          '# The workspace of the systems (seeds/004).',
          '[workspace]',
          'resolver = "2"',
          '# Keep this list sorted.',
          'members = [',
          '    "crates/shared_core", # the foundation',
          '    "tools/xtask"',
          ']',
          '',
          '[workspace.package]',
          'version = "0.3.0"   # bumped by the release job',
          'license = "MIT"',
          '',
          '# Small release binaries.',
          '[profile.release]',
          'lto = true',
          '',
        ].join('\n'),
        ...libCrate('crates/shared_core', 'shared_core'),
        'tools/xtask/Cargo.toml': pkg('xtask'),
        'tools/xtask/src/main.rs': '',
      });
      systemGenerator(tree, { name: 'chaos_engine', deps: 'shared_core' });
      expect(read(tree, 'Cargo.toml')).toBe(
        [
          '# The workspace of the systems (seeds/004).',
          '[workspace]',
          'resolver = "2"',
          '# Keep this list sorted.',
          'members = [',
          '    "crates/shared_core", # the foundation',
          '    "tools/xtask",',
          '    "crates/chaos_engine"',
          ']',
          '',
          '[workspace.package]',
          'version = "0.3.0"   # bumped by the release job',
          'license = "MIT"',
          'edition = "2021"',
          '',
          '[workspace.dependencies]',
          'clap = { version = "4.0", features = ["derive"] }',
          'criterion = "0.3"',
          'shared_core = { path = "crates/shared_core", version = "0.1.0" }',
          '',
          '# Small release binaries.',
          '[profile.release]',
          'lto = true',
          '',
        ].join('\n'),
      );
      const manifest = read(tree, 'crates/chaos_engine/Cargo.toml');
      expect(manifest).toContain('license.workspace = true\n');
      expect(manifest).toContain('[dependencies]\nclap.workspace = true\nshared_core.workspace = true\n');
    });

    it('leaves `members` alone when a glob covers the new crate', () => {
      const before = '[workspace]\nmembers = [ "crates/*" ] # all of them\n\n[workspace.package]\nversion = "0.1.0"\nedition = "2021"\nlicense = "MIT"\n';
      const tree = treeWith({ 'Cargo.toml': before, ...libCrate('crates/a', 'a') });
      systemGenerator(tree, { name: 'chaos_engine', cli: false, bench: false });
      expect(read(tree, 'Cargo.toml')).toBe(before);
      expect(tree.isFile('crates/chaos_engine/Cargo.toml')).toBe(true);
    });

    it('lists the crate when the glob that matches it is overridden by `exclude`', () => {
      const tree = treeWith({ 'Cargo.toml': '[workspace]\nmembers = ["crates/*"]\nexclude = ["crates/chaos_engine"]\n' });
      systemGenerator(tree, { name: 'chaos_engine', cli: false, bench: false });
      expect(toml(tree, 'Cargo.toml').workspace.members).toEqual(['crates/*', 'crates/chaos_engine']);
    });

    it('reuses dependencies the workspace already declares, as they are', () => {
      const before = [
        '[workspace]',
        'members = []',
        '',
        '[workspace.package]',
        'version = "2.0.0"',
        'edition = "2021"',
        "license-file = 'LICENSE.txt'",
        '',
        '[workspace.dependencies]',
        'clap = { version = "4.5", features = ["derive", "env"] } # newer',
        '',
        '[workspace.dependencies.criterion]',
        'version = "0.3.6"',
        '',
      ].join('\n');
      const tree = treeWith({ 'Cargo.toml': before });
      systemGenerator(tree, { name: 'chaos_engine' });
      expect(read(tree, 'Cargo.toml')).toBe(before.replace('members = []', 'members = ["crates/chaos_engine"]'));
      expect(read(tree, 'crates/chaos_engine/Cargo.toml')).toContain('[dependencies]\nclap.workspace = true\n\n[dev-dependencies]\ncriterion.workspace = true\n');
      // The workspace's licence file, not a licence of the generator's choosing.
      expect(read(tree, 'crates/chaos_engine/Cargo.toml')).toContain('\nlicense-file.workspace = true\n');
    });

    it('adds the derive feature in the crate when the workspace clap lacks it, and refuses clap 3', () => {
      const tree = treeWith({ 'Cargo.toml': `${VIRTUAL}\n[workspace.dependencies]\nclap = "4"\n` });
      systemGenerator(tree, { name: 'chaos_engine', bench: false });
      expect(read(tree, 'crates/chaos_engine/Cargo.toml')).toContain('clap = { workspace = true, features = ["derive"] }\n');
      expect(toml(tree, 'Cargo.toml').workspace.dependencies).toEqual({ clap: '4' });

      const old = treeWith({ 'Cargo.toml': `${VIRTUAL}\n[workspace.dependencies]\nclap = { version = "3.2", features = ["derive"] }\n` });
      expect(() => systemGenerator(old, { name: 'chaos_engine' })).toThrow(/clap "3.2".*clap 4's derive API.*--cli=false/);
      systemGenerator(old, { name: 'chaos_engine', cli: false });
    });

    it("uses std's black_box with a criterion that deprecates its own", () => {
      const tree = treeWith({ 'Cargo.toml': `${VIRTUAL}\n[workspace.dependencies]\ncriterion = { version = "0.6" }\n` });
      systemGenerator(tree, { name: 'chaos_engine' });
      const bench = read(tree, 'crates/chaos_engine/benches/benchmarks.rs');
      expect(bench).toContain('use std::hint::black_box;\n\nuse criterion::{criterion_group, criterion_main};\n');
    });

    it('adds `--deps` crates as path dependencies of the workspace, array or comma-separated', () => {
      const tree = treeWith({
        'Cargo.toml': `${VIRTUAL}\n[workspace.dependencies]\nalpha = { path = "libs/alpha", version = "0.1" }\n`,
        ...libCrate('libs/alpha', 'alpha'),
        ...libCrate('libs/beta-x', 'beta-x'),
        ...libCrate('gamma', 'gamma'),
      });
      const members = `[workspace]\nresolver = "2"\nmembers = ["libs/alpha", "libs/beta-x", "gamma"]\n`;
      tree.write('Cargo.toml', read(tree, 'Cargo.toml').replace(VIRTUAL, members));
      systemGenerator(tree, { name: 'user', cli: false, bench: false, deps: ['alpha, beta-x', 'gamma', 'alpha'] });
      expect(toml(tree, 'Cargo.toml').workspace.dependencies).toEqual({
        alpha: { path: 'libs/alpha', version: '0.1' },
        'beta-x': { path: 'libs/beta-x', version: '0.1.0' },
        gamma: { path: 'gamma', version: '0.1.0' },
      });
      expect(toml(tree, 'libs/user/Cargo.toml').dependencies).toEqual({ alpha: { workspace: true }, 'beta-x': { workspace: true }, gamma: { workspace: true } });
      expect(read(tree, 'libs/user/docs/ARCHITECTURE.md')).toContain('- `beta-x`: workspace crate in `libs/beta-x`.');
    });

    it('opts the crate into the workspace lints when there are some', () => {
      const tree = treeWith({ 'Cargo.toml': `${VIRTUAL}\n[workspace.lints.clippy]\npedantic = "warn"\n` });
      systemGenerator(tree, { name: 'linted' });
      expect(read(tree, 'crates/linted/Cargo.toml')).toMatch(/\n\[lints\]\nworkspace = true\n$/);
      const plain = treeWith({ 'Cargo.toml': VIRTUAL });
      systemGenerator(plain, { name: 'plain' });
      expect(read(plain, 'crates/plain/Cargo.toml')).not.toContain('[lints]');
    });

    it('makes a workspace of a root package without one, and keeps CRLF line endings', () => {
      const before = '[package]\r\nname = "root"\r\nversion = "0.1.0"\r\nedition = "2021"\r\n';
      const tree = treeWith({ 'Cargo.toml': before, 'src/main.rs': 'fn main() {}\n' });
      systemGenerator(tree, { name: 'chaos_engine', cli: false, bench: false });
      expect(read(tree, 'Cargo.toml')).toBe(
        `${before}\r\n[workspace]\r\nmembers = ["crates/chaos_engine"]\r\n\r\n[workspace.package]\r\nversion = "0.1.0"\r\nedition = "2021"\r\nlicense = "MIT OR Apache-2.0"\r\n`,
      );
    });
  });

  describe('refused input', () => {
    const base = () =>
      treeWith({
        'Cargo.toml': '[workspace]\nmembers = ["crates/*", "nested"]\n',
        ...libCrate('crates/shared_core', 'shared_core'),
        ...libCrate('crates/taken-name', 'renamed'),
        'crates/tool/Cargo.toml': pkg('tool', '[[bin]]\nname = "chaos-cli"\npath = "src/main.rs"\n'),
        'crates/tool/src/main.rs': '',
        'nested/Cargo.toml': '[workspace]\nmembers = []\n',
      });

    it.each<[string, Partial<SystemGeneratorSchema>, RegExp | string]>([
      ['an empty name', { name: '' }, 'The name is required and must be a non-empty string.'],
      ['a name starting with a digit', { name: '1st' }, 'Invalid name "1st": a crate name cannot start with a digit.'],
      ['a name with a space', { name: 'chaos engine' }, /Invalid name "chaos engine": only ASCII letters, digits/],
      ['a name with other characters', { name: 'chaos.engine' }, /only ASCII letters, digits/],
      ['a name with a slash', { name: 'crates/x' }, /not a path/],
      ['a name with a backslash', { name: 'crates\\x' }, /not a path/],
      ['a name with ..', { name: '..' }, /not a path/],
      ['a keyword', { name: 'async' }, 'Invalid name "async": it is a Rust keyword.'],
      ['a 2018 keyword', { name: 'dyn' }, /Rust keyword/],
      ['try', { name: 'try' }, /Rust keyword/],
      ['await', { name: 'await' }, /Rust keyword/],
      ['self', { name: 'self' }, /Rust keyword/],
      ['Self', { name: 'Self' }, /Rust keyword/],
      ['super', { name: 'super' }, /Rust keyword/],
      ['crate', { name: 'crate' }, /Rust keyword/],
      ['std', { name: 'std' }, 'Invalid name "std": it is the name of a crate that ships with Rust.'],
      ['core', { name: 'core' }, /ships with Rust/],
      ['alloc', { name: 'alloc' }, /ships with Rust/],
      ['proc_macro', { name: 'proc_macro' }, /ships with Rust/],
      ['proc-macro', { name: 'proc-macro' }, /ships with Rust/],
      ['test', { name: 'test' }, /ships with Rust/],
      ['con', { name: 'con' }, 'Invalid name "con": it is a reserved file name on Windows.'],
      ['nul', { name: 'nul' }, /reserved file name on Windows/],
      ['aux', { name: 'aux' }, /reserved file name on Windows/],
      ['an upper-case name', { name: 'ChaosEngine' }, /use lower case/],
      ['an absolute directory', { name: 'x', directory: '/tmp/crates' }, 'Invalid directory "/tmp/crates": it must be relative to the workspace root, not absolute.'],
      ['a Windows absolute directory', { name: 'x', directory: 'C:\\crates' }, /not absolute/],
      ['a directory outside the workspace', { name: 'x', directory: 'crates/../../outside' }, 'Invalid directory "crates/../../outside": it is outside the workspace.'],
      ['a glob directory', { name: 'x', directory: 'crates/*' }, /glob/],
      ['an existing folder', { name: 'shared_core' }, 'Cannot create the crate in crates/shared_core: it already exists. Choose another name or --directory.'],
      ['an existing folder elsewhere', { name: 'src', directory: 'crates/shared_core' }, /crates\/shared_core\/src: it already exists/],
      ['a package name in use', { name: 'renamed' }, 'Cannot name the crate "renamed": the workspace crate in crates/taken-name is already named "renamed".'],
      ['a package name in use up to `-`/`_`', { name: 'shared-core', directory: 'libs' }, /crates\/shared_core is already named "shared_core"/],
      ['a folder inside another Cargo workspace', { name: 'x', directory: 'nested' }, /inside the Cargo workspace of nested\/Cargo.toml/],
      ['an unknown dependency', { name: 'x', deps: 'shared_core,nope' }, /Invalid deps entry "nope": no crate of the Cargo workspace has that name. Its crates: shared_core, renamed, tool./],
      ['a dependency spelled with `-`', { name: 'x', deps: ['shared-core'] }, /Did you mean "shared_core"\?/],
      ['a dependency without a library', { name: 'x', deps: 'tool' }, /"tool": that crate has no library/],
      ['a dependency on itself', { name: 'x', deps: 'x' }, /cannot depend on itself/],
      ['deps of the wrong type', { name: 'x', deps: 3 as unknown as string }, /string or an array of strings/],
      ['an invalid CLI name', { name: 'x', cliName: 'x cli' }, /Invalid cliName "x cli"/],
      ['a CLI name another crate uses', { name: 'chaos_engine' }, /Invalid cliName "chaos-cli": crate "tool" already has a binary of that name/],
      ['a non-boolean flag', { name: 'x', bench: 'no' as unknown as boolean }, 'The bench option must be true or false.'],
      ['a non-string description', { name: 'x', description: 1 as unknown as string }, 'The description must be a string.'],
    ])('refuses %s, writing nothing', (_, options, message) => {
      const tree = base();
      const before = changes(tree);
      expect(() => systemGenerator(tree, options as SystemGeneratorSchema)).toThrow(message);
      expect(changes(tree)).toEqual(before);
    });

    it('refuses a workspace without a root Cargo.toml, pointing to init', () => {
      const tree = createTreeWithEmptyWorkspace();
      const before = changes(tree);
      expect(() => systemGenerator(tree, { name: 'chaos_engine' })).toThrow(/no Cargo.toml at the workspace root: run `nx g @ms\/rust:init` \(or `nx add @ms\/rust`\) first/);
      expect(changes(tree)).toEqual(before);
    });

    it('refuses a root Cargo.toml it cannot edit safely, writing nothing', () => {
      const tree = treeWith({ 'Cargo.toml': 'workspace = { members = [] }\n' });
      const before = changes(tree);
      expect(() => systemGenerator(tree, { name: 'chaos_engine' })).toThrow(/Cannot edit the root Cargo.toml automatically to add "crates\/chaos_engine" to workspace.members/);
      expect(changes(tree)).toEqual(before);
    });
  });

  describe('free text', () => {
    const description = 'He said "hi" and """ then \\ a backslash\n# not a heading\n```rust\nfn evil() {}\n```\r\n*/ -- end';

    it('reads back exactly from the crate manifest', () => {
      const tree = treeWith({ 'Cargo.toml': VIRTUAL });
      systemGenerator(tree, { name: 'chaos_engine', description });
      expect(toml(tree, 'crates/chaos_engine/Cargo.toml').package.description).toBe(description);
      expect(toml(tree, 'Cargo.toml').workspace.members).toEqual(['crates/chaos_engine']);
    });

    it('stays inside the doc comments of the Rust code', () => {
      const tree = treeWith({ 'Cargo.toml': VIRTUAL });
      systemGenerator(tree, { name: 'chaos_engine', description });
      const lib = read(tree, 'crates/chaos_engine/src/lib.rs');
      const docs = lib.slice(0, lib.indexOf('\n\npub mod api;')).split('\n');
      expect(docs.every((line) => line === '//!' || line.startsWith('//! '))).toBe(true);
      expect(docs[2]).toBe('//! He said "hi" and """ then \\\\ a backslash \\# not a heading \\`\\`\\`rust fn evil() {} \\`\\`\\` \\*/ -- end');
      // The only code blocks are the template's own doc test.
      expect(lib.match(/```/g)).toHaveLength(2);
    });

    it('stays on one line of Markdown in the README and docs', () => {
      const tree = treeWith({ 'Cargo.toml': VIRTUAL });
      systemGenerator(tree, { name: 'chaos_engine', description });
      for (const file of ['README.md', 'docs/SPEC.md', 'docs/ARCHITECTURE.md', 'docs/API.md']) {
        const lines = read(tree, `crates/chaos_engine/${file}`).split('\n');
        expect(lines[2]).toBe('He said "hi" and """ then \\\\ a backslash \\# not a heading \\`\\`\\`rust fn evil() {} \\`\\`\\` \\*/ -- end');
        const prose = lines.filter((_, i) => lines.slice(0, i).filter((l) => l.startsWith('```')).length % 2 === 0);
        expect(prose.filter((line) => line.startsWith('#') && !line.startsWith('##'))).toEqual([lines[0]]);
      }
    });

    it('has a default', () => {
      const tree = treeWith({ 'Cargo.toml': VIRTUAL });
      systemGenerator(tree, { name: 'chaos_engine', description: ' \n\u0000 ' });
      expect(toml(tree, 'crates/chaos_engine/Cargo.toml').package.description).toBe('Chaos Engine system: processes items under a validated configuration');
    });
  });
});

describe('nx g @ms/rust:system and nx release', () => {
  it('adds the crate to the fixed group of the crates sharing the version, and leaves other configurations alone', () => {
    const tree = treeWith({ 'Cargo.toml': VIRTUAL });
    const nxJson = readNxJson(tree)!;
    nxJson.release = { projects: ['older'], projectsRelationship: 'fixed', version: { versionActions: '@ms/rust/release' } };
    updateNxJson(tree, nxJson);
    systemGenerator(tree, { name: 'chaos_engine', cli: false, bench: false });
    expect(readNxJson(tree)!.release!.projects).toEqual(['older', 'chaos_engine']);

    const grouped = treeWith({ 'Cargo.toml': VIRTUAL });
    const withGroups = readNxJson(grouped)!;
    withGroups.release = { groups: { workspace: { projects: ['a'] }, crates: { projects: ['b'], projectsRelationship: 'independent' } } };
    updateNxJson(grouped, withGroups);
    systemGenerator(grouped, { name: 'chaos_engine', cli: false, bench: false });
    expect(readNxJson(grouped)!.release!.groups).toEqual({ workspace: { projects: ['a', 'chaos_engine'] }, crates: { projects: ['b'], projectsRelationship: 'independent' } });

    const independent = treeWith({ 'Cargo.toml': VIRTUAL });
    const own = readNxJson(independent)!;
    own.release = { projects: ['x'], projectsRelationship: 'independent' };
    updateNxJson(independent, own);
    systemGenerator(independent, { name: 'chaos_engine', cli: false, bench: false });
    expect(readNxJson(independent)!.release).toEqual({ projects: ['x'], projectsRelationship: 'independent' });
  });
});
