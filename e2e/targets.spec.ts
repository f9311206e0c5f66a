/**
 * The targets each crate gets, their configurations and caching, and the plugin options that
 * rename or disable them.
 *
 * Fixture `targets`: a workspace at the Nx root with `[profile.release]` and `[profile.dist]`;
 * crates/mathlib (library), crates/calc (binary using mathlib), crates/perf (library with a bench).
 */
import { existsSync, rmSync } from 'node:fs';
import { createWorkspace, taskOutcomes, type TestWorkspace } from './utils/workspace';

interface Target {
  executor: string;
  cache?: boolean;
  options: { command: string; args?: string[]; toolArgs?: string[]; profile?: string };
  configurations?: Record<string, { profile: string }>;
  metadata?: { description?: string; technologies?: string[] };
}
interface Project {
  name: string;
  root: string;
  projectType: string;
  metadata: { technologies: string[] };
  targets: Record<string, Target>;
}

/** The cargo subcommand each target runs. */
const SUBCOMMAND: Record<string, string> = {
  build: 'build',
  check: 'check',
  test: 'test',
  lint: 'clippy',
  fmt: 'fmt',
  doc: 'doc',
  bench: 'bench',
  run: 'run',
};

const CRATES = {
  mathlib: { root: 'crates/mathlib', projectType: 'library', targets: ['build', 'check', 'doc', 'fmt', 'lint', 'nx-release-publish', 'package', 'test', 'test-ci', 'test-ci--doc', 'test-ci--lib'] },
  calc: { root: 'crates/calc', projectType: 'application', targets: ['build', 'check', 'fmt', 'lint', 'package', 'run', 'test', 'test-ci', 'test-ci--bin-calc'] },
  // Its bench has `test = false` (the default): cargo test leaves it out, and so does test-ci.
  perf: { root: 'crates/perf', projectType: 'library', targets: ['bench', 'build', 'check', 'doc', 'fmt', 'lint', 'nx-release-publish', 'package', 'test', 'test-ci', 'test-ci--doc', 'test-ci--lib'] },
};

describe('inferred targets', () => {
  let ws: TestWorkspace;
  const projects: Record<string, Project> = {};

  beforeAll(() => {
    ws = createWorkspace('targets');
    for (const name of Object.keys(CRATES)) projects[name] = ws.nxJson<Project>(['show', 'project', name, '--json']);
  });

  it.each(Object.entries(CRATES))('%s: project type, technologies and target names', (name, expected) => {
    const p = projects[name];
    expect({ root: p.root, projectType: p.projectType, technologies: p.metadata.technologies }).toEqual({
      root: expected.root,
      projectType: expected.projectType,
      technologies: ['rust'],
    });
    expect(Object.keys(p.targets).sort()).toEqual(expected.targets);
  });

  it.each(Object.keys(CRATES))('%s: every target runs its cargo command on the crate (package, nx-release-publish: their own executors), described', (name) => {
    for (const [targetName, t] of Object.entries(projects[name].targets)) {
      const label = `${name}:${targetName}`;
      expect({ label, description: typeof t.metadata?.description }).toEqual({ label, description: 'string' });
      expect(t.metadata!.description!.length).toBeGreaterThan(10);
      if (targetName === 'nx-release-publish') {
        // cargo publish, run by `nx release publish`: see e2e/publish.spec.ts.
        expect({ label, executor: t.executor }).toEqual({ label, executor: '@ms/rust:publish' });
        continue;
      }
      if (targetName === 'test-ci') {
        // Runs nothing itself: its atomized targets (see e2e/test-ci.spec.ts).
        expect({ label, executor: t.executor }).toEqual({ label, executor: 'nx:noop' });
        continue;
      }
      if (targetName === 'package') {
        // Builds the crate itself (release by default), then archives: see e2e/package.spec.ts.
        expect({ label, executor: t.executor, profile: t.options.profile }).toEqual({ label, executor: '@ms/rust:package', profile: 'release' });
        continue;
      }
      expect({ label, executor: t.executor }).toEqual({ label, executor: '@ms/rust:cargo' });
      expect({ label, command: t.options.command }).toEqual({ label, command: SUBCOMMAND[targetName.startsWith('test-ci--') ? 'test' : targetName] });
    }
    const targets = projects[name].targets;
    expect(targets.lint.options).toMatchObject({ args: ['--all-targets'], toolArgs: ['-D', 'warnings'] });
    expect(targets.fmt.options).toMatchObject({ args: ['--check'] });
  });

  it.each(Object.keys(CRATES))('%s: `release` and every [profile.*] are configurations of the compiling targets', (name) => {
    for (const [targetName, t] of Object.entries(projects[name].targets)) {
      // cargo fmt has no profile: its target has no configurations (see the report); nor has
      // publishing. test-ci runs nothing: Nx hands its configuration to its atomized targets
      // (see e2e/test-ci.spec.ts).
      if (targetName === 'fmt' || targetName === 'nx-release-publish' || targetName === 'test-ci') continue;
      const label = `${name}:${targetName}`;
      expect({ label, configurations: Object.keys(t.configurations ?? {}).sort() }).toEqual({ label, configurations: ['dist', 'release'] });
      expect(t.configurations).toEqual({ release: { profile: 'release' }, dist: { profile: 'dist' } });
    }
  });

  it('caches every target but bench, run and nx-release-publish (and test-ci, which runs nothing itself)', () => {
    const caching = Object.fromEntries(
      Object.values(projects).flatMap((p) => Object.entries(p.targets).map(([t, c]) => [`${p.name}:${t}`, c.cache === true])),
    );
    expect(caching).toEqual({
      'mathlib:build': true, 'mathlib:check': true, 'mathlib:test': true, 'mathlib:lint': true, 'mathlib:fmt': true, 'mathlib:doc': true, 'mathlib:package': true, 'mathlib:nx-release-publish': false,
      'mathlib:test-ci': false, 'mathlib:test-ci--lib': true, 'mathlib:test-ci--doc': true,
      'calc:build': true, 'calc:check': true, 'calc:test': true, 'calc:lint': true, 'calc:fmt': true, 'calc:run': false, 'calc:package': true,
      'calc:test-ci': false, 'calc:test-ci--bin-calc': true,
      'perf:build': true, 'perf:check': true, 'perf:test': true, 'perf:lint': true, 'perf:fmt': true, 'perf:doc': true, 'perf:bench': false, 'perf:package': true, 'perf:nx-release-publish': false,
      'perf:test-ci': false, 'perf:test-ci--lib': true, 'perf:test-ci--doc': true,
    });
  });

  it('the `dist` configuration builds with the [profile.dist] of the workspace', () => {
    const result = ws.nx(['run', 'calc:build:dist']);
    expect(result.output).toContain('cargo build -p calc@0.1.0 --profile dist');
    expect(existsSync(ws.path('target/dist/calc'))).toBe(true);
  });

  it('`nx doc mathlib` replayed from the cache restores documentation that renders', () => {
    expect(taskOutcomes(ws.nx(['doc', 'mathlib'])).get('mathlib:doc')).toBe('run');
    rmSync(ws.path('target/doc'), { recursive: true, force: true });
    expect(taskOutcomes(ws.nx(['doc', 'mathlib'])).get('mathlib:doc')).toBe('cache');
    const page = ws.read('target/doc/mathlib/index.html');
    // rustdoc's pages load their CSS and scripts from target/doc/static.files.
    const assets = [...new Set([...page.matchAll(/\.\.\/static\.files\/[\w.-]+\.(?:css|js)/g)].map((m) => m[0]))];
    expect(assets.length).toBeGreaterThan(0);
    const missing = assets.filter((a) => !existsSync(ws.path(`target/doc/mathlib/${a}`)));
    expect(missing).toEqual([]);
  });

  it('`nx run calc:run` runs the binary, and a second run is not replayed from the cache', () => {
    for (let i = 0; i < 2; i++) {
      const result = ws.nx(['run', 'calc:run']);
      expect(result.output).toMatch(/^5$/m); // mathlib::add(2, 3)
      expect(taskOutcomes(result).get('calc:run')).toBe('run');
    }
  });
});

describe('plugin options', () => {
  let ws: TestWorkspace;

  beforeAll(() => {
    ws = createWorkspace('targets', { pluginOptions: { build: { targetName: 'compile' }, bench: false } });
  });

  it('renames `build` to `compile` and drops `bench`, leaving the others', () => {
    const shown = Object.fromEntries(['mathlib', 'calc', 'perf'].map((n) => [n, ws.nxJson<Project>(['show', 'project', n, '--json'])]));
    const targets = (name: string) => Object.keys(shown[name].targets).sort();
    const ci = (...atomized: string[]) => ['test-ci', ...atomized.map((a) => `test-ci--${a}`)];
    expect(targets('mathlib')).toEqual(['check', 'compile', 'doc', 'fmt', 'lint', 'nx-release-publish', 'package', 'test', ...ci('doc', 'lib')]);
    expect(targets('calc')).toEqual(['check', 'compile', 'fmt', 'lint', 'package', 'run', 'test', ...ci('bin-calc')]);
    expect(targets('perf')).toEqual(['check', 'compile', 'doc', 'fmt', 'lint', 'nx-release-publish', 'package', 'test', ...ci('doc', 'lib')]);
    const compile = shown.calc.targets.compile;
    expect(compile.options).toEqual({ command: 'build', profile: 'dev' });
    expect(Object.keys(compile.configurations ?? {}).sort()).toEqual(['dist', 'release']);
  });

  it('the renamed target builds the crate', () => {
    const result = ws.nx(['run', 'calc:compile']);
    expect(result.output).toContain('cargo build -p calc@0.1.0');
    expect(existsSync(ws.path('target/debug/calc'))).toBe(true);
  });
});

describe('per-crate settings under the nx.json that `init` writes', () => {
  let ws: TestWorkspace;

  beforeAll(() => {
    ws = createWorkspace('clean');
    ws.nx(['g', '@ms/rust:init']);
    // greet's test reads GREET_MODE at run time, where no scan of its sources can see it: the crate
    // says so, and sets a feature list on the release configuration of hello.
    ws.append('greet/Cargo.toml', '\n[package.metadata.nx.targets.test]\ninputs = ["...", { env = "GREET_MODE" }]\n');
    ws.append('greet/src/lib.rs', '\n#[cfg(test)]\nmod mode {\n    #[test]\n    fn mode_is_not_broken() {\n        assert_ne!(std::env::var("GREET_MODE").as_deref(), Ok("broken"));\n    }\n}\n');
    ws.append('hello/Cargo.toml', '\n[features]\nfancy = []\n\n[package.metadata.nx.targets.build.configurations.release]\nfeatures = ["fancy"]\n');
    ws.commit('per-crate settings');
  });

  it("a crate's extra input reaches Nx: the change that fails its test is not replayed from the cache", () => {
    expect(ws.nx(['test', 'greet']).status).toBe(0);
    const nx = ws.nx(['test', 'greet'], { env: { GREET_MODE: 'broken' }, allowFailure: true });
    const cargo = ws.cargo(['test', '-p', 'greet'], { env: { GREET_MODE: 'broken' }, allowFailure: true });
    expect({ via: taskOutcomes(nx).get('greet:test'), nx: nx.status === 0 ? 'passed' : 'failed' }).toEqual({ via: 'run', nx: cargo.status === 0 ? 'passed' : 'failed' });
    expect(nx.output).not.toContain('ignored: nx.json');
  });

  it('`-c release` still builds the release profile when a crate sets that configuration\'s features', () => {
    const result = ws.nx(['build', 'hello', '-c', 'release']);
    expect(result.output).toContain('--release');
    expect(result.output).toMatch(/--features fancy|-F fancy|--features=fancy/);
    expect(existsSync(ws.path('target/release/hello'))).toBe(true);
  });
});
