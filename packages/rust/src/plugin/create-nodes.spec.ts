import type { ProjectConfiguration } from '@nx/devkit';
import { modelOf, pkg } from '../testing/memory-workspace';
import { nodesFromModel } from './create-nodes';
import { normalizeOptions, type RustPluginOptions } from './options';

const files = {
  'Cargo.toml': [
    '[workspace]',
    'members = ["crates/*"]',
    '[workspace.package]',
    'version = "1.2.3"',
    'edition = "2021"',
    'description = "shared description"',
    '[profile.release-with-debug]',
    'inherits = "release"',
    'debug = true',
  ].join('\n'),
  'crates/core/Cargo.toml': pkg('core', 'description = "Core types"\n[package.metadata.nx]\ntags = ["scope:core"]\n[package.metadata.nx.targets.test]\nparallelism = false\n'),
  'crates/core/src/lib.rs': '',
  'crates/core/benches/speed.rs': '',
  'crates/cli/Cargo.toml': '[package]\nname = "cli"\nversion.workspace = true\nedition.workspace = true\ndescription.workspace = true\n[dependencies]\ncore = { path = "../core" }\n',
  'crates/cli/src/main.rs': '',
  'crates/cli/src/bin/extra.rs': '',
};

function projects(options?: RustPluginOptions): Record<string, ProjectConfiguration> {
  const results = nodesFromModel(modelOf(files), normalizeOptions(options));
  return Object.fromEntries(results.flatMap(([, r]) => Object.values(r.projects ?? {}).map((p) => [p.name!, p as ProjectConfiguration])));
}

describe('createNodes', () => {
  it('infers one project per crate, named after the package, rooted at its folder', () => {
    const all = projects();
    expect(Object.keys(all).sort()).toEqual(['cli', 'core']);
    expect(all.cli).toMatchObject({ root: 'crates/cli', projectType: 'application', metadata: { technologies: ['rust'], description: 'shared description' } });
    expect(all.core).toMatchObject({ root: 'crates/core', projectType: 'library', tags: ['scope:core'], metadata: { description: 'Core types' } });
  });

  it('gives libraries doc, crates with benches bench, binaries run, binaries and publishable libraries package; never cached: bench and run', () => {
    const { cli, core } = projects();
    expect(Object.keys(core.targets!).sort()).toEqual(['bench', 'build', 'check', 'doc', 'fmt', 'lint', 'nx-release-publish', 'package', 'test', 'test-ci', 'test-ci--doc', 'test-ci--lib']);
    // Its path dependency on core has no version: cargo would not publish it.
    expect(Object.keys(cli.targets!).sort()).toEqual(['build', 'check', 'fmt', 'lint', 'package', 'run', 'test', 'test-ci', 'test-ci--bin-cli', 'test-ci--bin-extra']);
    expect(core.targets!.bench.cache).toBe(false);
    expect(cli.targets!.run.cache).toBe(false);
    expect(cli.targets!.run.options).toEqual({ command: 'run', args: ['--bin', 'cli'], profile: 'dev' });
    // A program gets the terminal: never batched with other tasks.
    expect(cli.targets!.run.parallelism).toBe(false);
  });

  it('offers release and every workspace profile as configurations, except for fmt', () => {
    const { core } = projects();
    expect(core.targets!.build.configurations).toEqual({ release: { profile: 'release' }, 'release-with-debug': { profile: 'release-with-debug' } });
    expect(core.targets!.fmt.configurations).toBeUndefined();
  });

  it('runs every target but package and nx-release-publish through @ms/rust:cargo with the cargo command and its arguments', () => {
    const { core } = projects();
    const cargoTargets = Object.entries(core.targets!).filter(([n]) => !n.startsWith('test-ci'));
    expect(Object.fromEntries(cargoTargets.map(([n, t]) => [n, [t.executor, t.options]]))).toEqual({
      build: ['@ms/rust:cargo', { command: 'build', profile: 'dev' }],
      check: ['@ms/rust:cargo', { command: 'check', args: ['--all-targets'], profile: 'dev' }],
      test: ['@ms/rust:cargo', { command: 'test', profile: 'dev' }],
      lint: ['@ms/rust:cargo', { command: 'clippy', args: ['--all-targets'], toolArgs: ['-D', 'warnings'], profile: 'dev' }],
      fmt: ['@ms/rust:cargo', { command: 'fmt', args: ['--check'] }],
      doc: ['@ms/rust:cargo', { command: 'doc', args: ['--no-deps'], profile: 'dev' }],
      bench: ['@ms/rust:cargo', { command: 'bench', profile: 'dev' }],
      // Builds the crate itself, release by default (see the package executor).
      package: ['@ms/rust:package', { crateFile: true, profile: 'release' }],
      'nx-release-publish': ['@ms/rust:publish', {}],
    });
    expect(projects().cli.targets!.package.options).toEqual({ crateFile: false, profile: 'release' });
  });

  it('caches what build copies to dist/target/<profile>/<project>, and nothing for test, lint, fmt', () => {
    const { core } = projects();
    expect(core.targets!.build.outputs).toEqual(['{workspaceRoot}/dist/target/{options.profile}/core']);
    for (const name of ['check', 'test', 'lint', 'fmt']) expect(core.targets![name].outputs).toEqual([]);
  });

  it('caches the pages, sources and static files of the docs, not the cross-crate indexes', () => {
    expect(projects().core.targets!.doc.outputs).toEqual([
      '{workspaceRoot}/target/doc/core',
      '{workspaceRoot}/target/doc/src/core',
      '{workspaceRoot}/target/doc/static.files',
    ]);
  });

  it('depends on nothing but the lock gate: cargo builds dependencies itself', () => {
    for (const p of Object.values(projects())) {
      for (const [name, t] of Object.entries(p.targets!)) {
        if (name === 'test-ci') continue; // its atomized targets (see test-ci.spec.ts)
        expect(t.dependsOn ?? []).toEqual(['build', 'check', 'test', 'lint', 'doc', 'bench', 'package'].includes(name) || name.startsWith('test-ci--') ? ['cargo-lock'] : []);
      }
    }
  });

  it('gives every crate of a locked workspace the lock gate, and build its own closure, dev-dependencies left out', () => {
    const locked = modelOf({
      'Cargo.toml': '[workspace]\nmembers = ["app", "lib", "kit"]\n',
      'app/Cargo.toml': pkg('app', '[dependencies]\nlib = { path = "../lib" }\n[dev-dependencies]\nkit = { path = "../kit" }\n'),
      'app/src/main.rs': '',
      'lib/Cargo.toml': pkg('lib', '[dependencies]\nitoa = "1"\n'),
      'lib/src/lib.rs': '',
      'kit/Cargo.toml': pkg('kit'),
      'kit/src/lib.rs': '',
      'Cargo.lock': [
        'version = 3',
        '[[package]]\nname = "app"\nversion = "0.1.0"\ndependencies = ["kit", "lib"]',
        '[[package]]\nname = "kit"\nversion = "0.1.0"',
        '[[package]]\nname = "lib"\nversion = "0.1.0"\ndependencies = ["itoa"]',
        '[[package]]\nname = "itoa"\nversion = "1.0.11"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\nchecksum = "00"',
      ].join('\n\n'),
    });
    const results = nodesFromModel(locked, normalizeOptions(undefined));
    const all = Object.fromEntries(results.flatMap(([, r]) => Object.values(r.projects ?? {}).map((p) => [p.name!, p as ProjectConfiguration])));
    expect(all.app.targets!['cargo-lock']).toMatchObject({ executor: '@ms/rust:cargo', options: { command: 'none' }, inputs: ['{workspaceRoot}/Cargo.lock', { externalDependencies: [] }] });
    expect(all.app.targets!.build.inputs).toEqual(
      expect.arrayContaining([{ input: 'cargo-compiled', projects: ['lib'] }, { externalDependencies: ['cargo:itoa@1.0.11'] }]),
    );
    // test sees every dependency (kit included) through ^.
    expect(all.app.targets!.test.inputs).toContain('^cargo-compiled');
  });

  it('packages binaries, C libraries and publishable libraries, release by default, into dist/packages/<project>', () => {
    const model = modelOf({
      'Cargo.toml': '[workspace]\nmembers = ["app", "lib", "private", "clib", "tool"]\n',
      'app/Cargo.toml': pkg('app', '[dependencies]\nlib = { path = "../lib" }\n'),
      'app/src/main.rs': '',
      'lib/Cargo.toml': pkg('lib'),
      'lib/src/lib.rs': '',
      'private/Cargo.toml': pkg('private', 'publish = false\n'),
      'private/src/lib.rs': '',
      'clib/Cargo.toml': pkg('clib', 'publish = false\n[lib]\ncrate-type = ["cdylib"]\n'),
      'clib/src/lib.rs': '',
      'tool/Cargo.toml': pkg('tool', 'publish = false\n'),
      'tool/src/main.rs': '',
      'tool/src/lib.rs': '',
    });
    const all = Object.fromEntries(nodesFromModel(model, normalizeOptions(undefined)).flatMap(([, r]) => Object.values(r.projects ?? {}).map((p) => [p.name!, p])));
    const packaged = Object.fromEntries(Object.entries(all).map(([name, p]) => [name, p.targets!.package?.options ?? null]));
    expect(packaged).toEqual({
      app: { crateFile: false, profile: 'release' },
      lib: { crateFile: true, profile: 'release' },
      private: null,
      clib: { crateFile: false, profile: 'release' },
      tool: { crateFile: false, profile: 'release' },
    });
    const target = all.app.targets!.package;
    expect(target).toMatchObject({ executor: '@ms/rust:package', cache: true, dependsOn: ['cargo-lock'], outputs: ['{workspaceRoot}/dist/packages/app'] });
    expect(Object.keys(target.configurations!)).toEqual(['release']);
    // build's inputs, but all of the crate's own files (its README goes into the archive), and the root's documents.
    expect(all.app.namedInputs!['cargo-package-inputs']).toEqual(['cargo-sources', 'cargo-reads', 'cargo-workspace', 'cargo-lock-gate', { env: 'SOURCE_DATE_EPOCH' }]);
    expect(target.inputs).toEqual([
      'cargo-package-inputs',
      { input: 'cargo-compiled', projects: ['lib'] },
      { externalDependencies: [] },
      '{workspaceRoot}/README*',
      '{workspaceRoot}/LICENSE*',
      '{workspaceRoot}/CHANGELOG*',
    ]);
  });

  it('merges [package.metadata.nx] target overrides and plugin options over the inferred targets', () => {
    const { core } = projects({ build: { targetName: 'compile', options: { features: ['fast'] } }, bench: false });
    expect(core.targets!.test.parallelism).toBe(false);
    expect(core.targets!.compile.options).toEqual({ command: 'build', profile: 'dev', features: ['fast'] });
    expect(core.targets!.build).toBeUndefined();
    expect(core.targets!.bench).toBeUndefined();
  });

  it('describes every target and says how to get help', () => {
    for (const [name, target] of Object.entries(projects().cli.targets!)) {
      expect(target.metadata?.description).toMatch(/\S/);
      // The atomized test targets run test's command: its help says it.
      if (!name.startsWith('test-ci')) expect(target.metadata?.help?.command).toMatch(/^cargo \w+ --help$/);
    }
  });

  it('infers the configuration below (snapshot)', () => {
    expect(projects().cli).toMatchSnapshot();
  });

  const nodes = (extra: Record<string, string>) => {
    const results = nodesFromModel(modelOf({ ...files, ...extra }), normalizeOptions(undefined));
    return Object.fromEntries(results.flatMap(([, r]) => Object.values(r.projects ?? {}).map((p) => [p.name!, p as ProjectConfiguration])));
  };
  const executors = (project: ProjectConfiguration) => [...new Set(Object.values(project.targets ?? {}).map((t) => t.executor))];
  /** A nested workspace: cargo loads it whatever the workspace around it holds. */
  const nested = { 'tools/solo/Cargo.toml': pkg('solo', '[workspace]\n'), 'tools/solo/src/main.rs': '' };

  it('turns a malformed standalone manifest into a project whose targets fail with the problem, leaving the rest intact', () => {
    const all = nodes({ 'tools/bad/Cargo.toml': '[package]\nname = "bad"\nversion = "1\n', 'tools/bad/src/lib.rs': '' });
    expect(Object.keys(all).sort()).toEqual(['bad', 'cli', 'core']);
    expect(all.bad.targets!.build).toEqual({
      executor: '@ms/rust:manifest-error',
      options: { message: expect.stringMatching(/^tools\/bad\/Cargo\.toml:3:\d+: invalid TOML[^(]*$/) },
      cache: false,
      inputs: [],
      metadata: expect.anything(),
    });
    expect(executors(all.cli)).not.toContain('@ms/rust:manifest-error');
    expect(executors(all.core)).not.toContain('@ms/rust:manifest-error');
  });

  it('says nothing of a whole workspace for a crate alone in its own that cargo refuses', () => {
    const all = nodes({ 'tools/lone/Cargo.toml': '[package]\nname = "lone"\nversion = "1.0.0"\nedition.workspace = true\n\n[workspace]\n', 'tools/lone/src/lib.rs': '' });
    expect(all.lone.targets!.build.options.message).toBe(
      'tools/lone/Cargo.toml:4:1: `package.edition.workspace = true` but tools/lone/Cargo.toml has no `workspace.package.edition`',
    );
    expect(executors(all.cli)).not.toContain('@ms/rust:manifest-error');
  });

  it.each([
    ['a malformed member', { 'crates/bad/Cargo.toml': '[package]\nname = "bad"\nversion = "1\n', 'crates/bad/src/lib.rs': '' }, /^crates\/bad\/Cargo\.toml:3:\d+: invalid TOML/],
    [
      'a member inheriting a field the workspace does not define',
      { 'crates/bad/Cargo.toml': '[package]\nname = "bad"\nversion = "1.0.0"\nlicense.workspace = true\n', 'crates/bad/src/lib.rs': '' },
      /^crates\/bad\/Cargo\.toml:4:1: `package\.license\.workspace = true` but Cargo\.toml has no `workspace\.package\.license`/,
    ],
    [
      'two members named alike',
      { 'crates/again/Cargo.toml': pkg('core'), 'crates/again/src/lib.rs': '' },
      /^crates\/core\/Cargo\.toml:2:1: two packages named `core` in this workspace: crates\/again\/Cargo\.toml and crates\/core\/Cargo\.toml/,
    ],
    [
      'a members entry matching nothing',
      { 'Cargo.toml': files['Cargo.toml'].replace('["crates/*"]', '["crates/*", "plugins/*"]') },
      /^Cargo\.toml:2:24: workspace\.members entry `plugins\/\*` matches no folder/,
    ],
  ])('fails every target of every crate of the workspace for %s, with that one message; other workspaces keep cargo', (_, extra, message) => {
    const all = nodes({ ...nested, ...extra });
    const refused = Object.values(all).filter((p) => p.root.startsWith('crates/'));
    expect(refused.length).toBeGreaterThanOrEqual(2);
    for (const project of refused) {
      expect(executors(project)).toEqual(['@ms/rust:manifest-error']);
      for (const target of Object.values(project.targets!)) {
        expect(target).toMatchObject({ cache: false, inputs: [] });
        expect(target.options.message).toMatch(message);
        expect(target.options.message).toMatch(/\(cargo refuses every crate of the workspace at Cargo\.toml\)$/);
      }
      expect(project.targets!['cargo-lock']).toBeUndefined();
    }
    // Still the same projects and target names (`nx run cli:run` says why), under the same names.
    expect(Object.keys(all.cli.targets!).sort()).toEqual(Object.keys(projects().cli.targets!).sort());
    expect(all.cli.metadata?.cargo).toEqual(projects().cli.metadata?.cargo);
    // `nx build cli -c release` fails with why as well, not for want of the configuration.
    expect(all.cli.targets!.build.configurations).toEqual({ release: {}, 'release-with-debug': {} });
    expect(executors(all.solo)).toEqual(['@ms/rust:cargo', '@ms/rust:package', '@ms/rust:publish', 'nx:noop']);
  });

  describe('publishing', () => {
    const publishing = {
      'Cargo.toml': '[workspace]\nmembers = ["crates/*"]\n[workspace.package]\nversion = "1.0.0"\nedition = "2021"\n[workspace.dependencies]\nbase = { path = "crates/base", version = "1.0.0" }\n',
      'crates/base/Cargo.toml': pkg('base', 'publish = ["mine"]\n'),
      'crates/base/src/lib.rs': '',
      'crates/mid/Cargo.toml': pkg('mid', '[dependencies]\nbase.workspace = true\n[build-dependencies]\nlocal = { path = "../local", version = "0.1.0" }\n[dev-dependencies]\ntop = { path = "../top" }\n'),
      'crates/mid/src/lib.rs': '',
      'crates/local/Cargo.toml': pkg('local', 'publish = false\n'),
      'crates/local/src/lib.rs': '',
      'crates/top/Cargo.toml': pkg('top', "[target.'cfg(unix)'.dependencies]\nmid = { path = \"../mid\" }\n"),
      'crates/top/src/lib.rs': '',
    };
    const all = () => {
      const results = nodesFromModel(modelOf(publishing), normalizeOptions(undefined));
      return Object.fromEntries(results.flatMap(([, r]) => Object.values(r.projects ?? {}).map((p) => [p.name!, p as ProjectConfiguration])));
    };

    it('gives publishable crates nx-release-publish after the publishable crates their package depends on, never cached, one at a time', () => {
      const { base, mid, local, top } = all();
      expect(base.targets!['nx-release-publish']).toMatchObject({ executor: '@ms/rust:publish', cache: false, parallelism: false, dependsOn: [] });
      // Not `local` (never published), not `top` (a dev-dependency, stripped from the package).
      expect(mid.targets!['nx-release-publish'].dependsOn).toEqual([{ target: 'nx-release-publish', projects: ['base'], params: 'forward' }]);
      expect(local.targets!['nx-release-publish']).toBeUndefined();
      expect(top.targets!['nx-release-publish']).toBeUndefined();
    });

    it('says in metadata.cargo whether each crate is published, where to, after which, and why not', () => {
      const { base, mid, local, top } = all();
      expect(base.metadata!.cargo).toMatchObject({ publish: true, publishRegistries: ['mine'] });
      expect(mid.metadata!.cargo).toMatchObject({ publish: true, publishAfter: ['base'] });
      expect(local.metadata!.cargo).toMatchObject({ publish: false, notPublished: '`publish = false` (or `[]`) in Cargo.toml' });
      expect(top.metadata!.cargo).toMatchObject({ publish: false, notPublished: expect.stringContaining("dependency `mid` in [target.'cfg(unix)'.dependencies] has a `path` but no `version`") });
    });

    it('gives a library cargo would not publish, and without binaries, no package target', () => {
      const { base, local, top } = all();
      expect(base.targets!.package).toBeDefined();
      expect(local.targets!.package).toBeUndefined();
      expect(top.targets!.package).toBeUndefined();
    });
  });
});
