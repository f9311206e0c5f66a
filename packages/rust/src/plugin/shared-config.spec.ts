import type { ProjectConfiguration } from '@nx/devkit';
import { NO_READS } from '../cargo';
import { modelOf, pkg } from '../testing/memory-workspace';
import { hiddenSettings, nodesFromModel } from './create-nodes';
import { normalizeOptions } from './options';
import { nxBehaviour } from './nx-version';
import { NOTHING_SHARED, nxJsonSharedConfig, olderNxTargetDefaultsWarning, readNxJsonShared } from './shared-config';

const model = modelOf({
  'Cargo.toml': '[workspace]\nmembers = ["a"]\n',
  'a/Cargo.toml': pkg('a'),
  'a/src/lib.rs': '',
  // A listed Cargo.lock: one git ignores would need hashing by each crate (see unseen-files.ts).
  'Cargo.lock': 'version = 4\n',
});

function projectWith(nxJson: Parameters<typeof readNxJsonShared>[0], nx = nxBehaviour('24.0.6')): ProjectConfiguration {
  const [[, result]] = nodesFromModel(model, normalizeOptions(undefined), readNxJsonShared(nxJson, nx), new Map(), nx);
  return Object.values(result.projects!)[0] as ProjectConfiguration;
}

const gate = { dependentTasksOutputFiles: 'dist/.cargo-lock/**' };

/** nx.json as an earlier init wrote it: the named inputs, and the targets' metadata in filtered targetDefaults. */
function earlierInitNxJson(targets: string[]) {
  return {
    ...nxJsonSharedConfig(normalizeOptions(undefined)),
    targetDefaults: Object.fromEntries(targets.map((t) => [t, [{ filter: { plugin: '@ms/rust' }, metadata: { description: `nx.json's ${t}` } }]])),
  };
}

describe('configuration shared through nx.json', () => {
  it('is repeated in every project when nx.json does not provide it', () => {
    const project = projectWith({});
    const kinds = ['build', 'check', 'doc', 'fmt', 'lint', 'package', 'test'].map((k) => `cargo-${k}-inputs`);
    expect(Object.keys(project.namedInputs!).sort()).toEqual(
      ['cargo-all-targets', 'cargo-compiled', 'cargo-env', 'cargo-lock-gate', 'cargo-reads', 'cargo-sources', 'cargo-toolchain', 'cargo-workspace', 'cargo-test-unit-inputs', 'cargo-unit-excludes', ...kinds].sort(),
    );
    expect(project.namedInputs!['cargo-lock-gate']).toEqual([gate]);
    expect(project.targets!.build).toMatchObject({ cache: true, inputs: expect.any(Array), metadata: { description: 'Compile the crate' } });
  });

  it('is left out of projects once nx.json holds what nx add writes there: the named inputs', () => {
    const project = projectWith(nxJsonSharedConfig(normalizeOptions(undefined)));
    expect(project.namedInputs).toEqual({});
    expect(project.targets!.build).toEqual({
      executor: '@ms/rust:cargo',
      options: { command: 'build', profile: 'dev' },
      outputs: ['{workspaceRoot}/dist/target/{options.profile}/a'],
      configurations: { release: { profile: 'release' } },
      cache: true,
      dependsOn: ['cargo-lock'],
      // build's inputs name its own closure; the rest is in nx.json's cargo-build-inputs.
      inputs: ['cargo-build-inputs', { externalDependencies: [] }],
      metadata: { description: 'Compile the crate', help: { command: 'cargo build --help', example: {} } },
    });
    // The metadata an earlier init put in filtered targetDefaults is left to them.
    expect(projectWith(earlierInitNxJson(['test'])).targets!.test.metadata).toBeUndefined();
    expect(projectWith(earlierInitNxJson(['test'])).targets!.build.metadata).toBeDefined();
    // A named input can hold no `^` entry.
    expect(project.targets!.test.inputs).toEqual(['cargo-test-inputs', '^cargo-compiled']);
  });

  it("keeps the publish target's description and help, unless a filtered targetDefaults entry of an earlier init holds them", () => {
    const earlier = projectWith(earlierInitNxJson(['nx-release-publish']));
    expect(earlier.targets!['nx-release-publish']).toEqual({ executor: '@ms/rust:publish', options: {}, cache: false, parallelism: false, inputs: [], dependsOn: [] });
    for (const nxJson of [{}, nxJsonSharedConfig(normalizeOptions(undefined))]) {
      expect(projectWith(nxJson).targets!['nx-release-publish'].metadata).toMatchObject({ description: expect.stringContaining('cargo publish'), help: { command: 'cargo publish --help' } });
    }
    // Below Nx 24 nx.json's filtered targetDefaults do not apply: the project keeps them.
    expect(projectWith(earlierInitNxJson(['nx-release-publish']), nxBehaviour('23.3.2')).targets!['nx-release-publish'].metadata).toBeDefined();
  });

  it('only trusts targetDefaults entries filtered to this plugin, field by field', () => {
    const project = projectWith({
      targetDefaults: {
        build: { cache: false, inputs: ['production'] },
        test: [{ filter: { plugin: '@nx/js' }, inputs: ['x'] }],
        lint: [{ filter: { plugin: '@ms/rust' }, cache: true }],
      },
    });
    expect(project.targets!.build.inputs).toContain('cargo-build-inputs');
    expect(project.targets!.test.inputs).toContain('^cargo-compiled');
    expect(project.targets!.lint.cache).toBeUndefined();
    expect(project.targets!.lint.inputs).toContain('^cargo-compiled');
    expect(project.targets!.lint.dependsOn).toEqual(['cargo-lock']);
  });

  it('is named inputs only, never targetDefaults (Nx merges those into every target of every crate, at more cost than they save)', () => {
    const config = nxJsonSharedConfig(normalizeOptions({ build: { targetName: 'compile' }, bench: false }));
    expect(Object.keys(config)).toEqual(['namedInputs']);
    expect(Object.keys(config.namedInputs!)).toEqual(expect.arrayContaining(['cargo-build-inputs', 'cargo-test-unit-inputs']));
  });

  it('keeps a crate\'s own inputs, dependsOn and cache when nx.json holds what init writes there', () => {
    const crate = modelOf({
      'Cargo.toml': '[workspace]\nmembers = ["a"]\n',
      'a/Cargo.toml': `${pkg('a')}\n[package.metadata.nx.targets.test]\ninputs = ["...", { env = "MODE" }]\ndependsOn = ["...", "codegen"]\ncache = false\n`,
      'a/src/lib.rs': '',
      'Cargo.lock': 'version = 4\n',
    });
    const nx = nxBehaviour('24.0.6');
    const shared = readNxJsonShared(nxJsonSharedConfig(normalizeOptions(undefined)), nx);
    const [[, result]] = nodesFromModel(crate, normalizeOptions(undefined), shared, new Map(), nx);
    const test = (Object.values(result.projects!)[0] as ProjectConfiguration).targets!.test;
    expect(test.inputs).toEqual(['cargo-test-inputs', '^cargo-compiled', { env: 'MODE' }]);
    expect(test.dependsOn).toEqual(['cargo-lock', 'codegen']);
    expect(test.cache).toBe(false);
    expect(hiddenSettings(crate, normalizeOptions(undefined), shared)).toEqual([]);
  });

  it('warns about a crate setting that a filtered targetDefaults entry hides from Nx', () => {
    const crate = modelOf({
      'Cargo.toml': '[workspace]\nmembers = ["a"]\n',
      'a/Cargo.toml': `${pkg('a')}\n[package.metadata.nx.targets.test]\ninputs = [{ env = "MODE" }]\n`,
      'a/src/lib.rs': '',
    });
    const shared = readNxJsonShared({ targetDefaults: { test: [{ filter: { plugin: '@ms/rust' }, inputs: ['x'] }] } }, nxBehaviour('24.0.6'));
    const [warning] = hiddenSettings(crate, normalizeOptions({ test: { cache: false } }), NOTHING_SHARED);
    expect(warning).toBeUndefined();
    expect(hiddenSettings(crate, normalizeOptions(undefined), shared)).toEqual([expect.stringMatching(/a\/Cargo\.toml \[package\.metadata\.nx\.targets\.test\]: `inputs` of target `test` is ignored: nx\.json's targetDefaults/)]);
  });

  it('below Nx 24, keeps every field in the projects whatever nx.json holds, and warns about the entries written for Nx 24', () => {
    const nxJson = earlierInitNxJson(['build', 'test', 'test-ci--*']);
    for (const version of ['22.7.12', '23.3.2']) {
      const project = projectWith(nxJson, nxBehaviour(version));
      // Nx 22 drops the filtered entries: the project must carry what they would set.
      expect(project.targets!.test).toMatchObject({ cache: true, dependsOn: ['cargo-lock'], inputs: expect.arrayContaining(['^cargo-compiled']) });
      expect(project.targets!.build.metadata).toMatchObject({ description: 'Compile the crate' });
      const warning = olderNxTargetDefaultsWarning(nxJson, nxBehaviour(version));
      expect(warning).toContain(`this workspace has Nx ${version}: remove them`);
      expect(warning).toContain('filtered to @ms/rust (build, test, test-ci--*)');
    }
    expect(olderNxTargetDefaultsWarning(nxJson, nxBehaviour('24.0.6'))).toBeUndefined();
    expect(olderNxTargetDefaultsWarning({ targetDefaults: { test: { cache: true } } }, nxBehaviour('22.7.12'))).toBeUndefined();
  });

  it('below Nx 24, no target reads the lock gate (those batches would never look it up in the cache), each still depends on it', () => {
    const gated = ['build', 'check', 'test', 'lint', 'doc', 'package'];
    // The gate's named input is empty there, also when nx.json holds Nx 24's (init writes it whatever Nx runs).
    for (const nxJson of [{}, nxJsonSharedConfig(normalizeOptions(undefined))]) {
      const project = projectWith(nxJson, nxBehaviour('23.3.2'));
      expect(project.namedInputs!['cargo-lock-gate']).toEqual([]);
      for (const name of gated) {
        expect({ name, inputs: project.targets![name].inputs }).not.toEqual({ name, inputs: expect.arrayContaining([gate]) });
        expect({ name, dependsOn: project.targets![name].dependsOn }).toEqual({ name, dependsOn: ['cargo-lock'] });
      }
    }
    // On Nx 24 they all do, through the gate's named input, which init writes to nx.json for Nx 24.
    expect(nxJsonSharedConfig(normalizeOptions(undefined)).namedInputs!['cargo-lock-gate']).toEqual([gate]);
    expect(projectWith({}, nxBehaviour('24.0.6')).namedInputs!['cargo-lock-gate']).toEqual([gate]);
    expect(projectWith(nxJsonSharedConfig(normalizeOptions(undefined)), nxBehaviour('24.0.6')).namedInputs).toEqual({});
    for (const name of gated) {
      const named = nxJsonSharedConfig(normalizeOptions(undefined)).namedInputs![`cargo-${name}-inputs`];
      expect({ name, named }).toEqual({ name, named: expect.arrayContaining(['cargo-lock-gate']) });
    }
  });
});

describe('atomized test targets and nx.json', () => {
  const lib = { 'Cargo.toml': '[workspace]\nmembers = ["a"]\n', 'a/src/lib.rs': '', 'a/tests/api.rs': '', 'Cargo.lock': 'version = 4\n' };
  const shared = readNxJsonShared(nxJsonSharedConfig(normalizeOptions(undefined)), nxBehaviour('24.0.6'));
  const project = (files: Record<string, string>, options?: Parameters<typeof normalizeOptions>[0], reads = new Map()) => {
    const [[, result]] = nodesFromModel(modelOf(files), normalizeOptions(options), shared, reads, nxBehaviour('24.0.6'));
    return Object.values(result.projects!)[0] as ProjectConfiguration;
  };

  it('adds nothing but their targets to a project when nx.json holds what init writes', () => {
    const a = project({ ...lib, 'a/Cargo.toml': pkg('a') });
    expect(a.namedInputs).toEqual({});
    expect(a.targets!['test-ci']).toEqual({
      executor: 'nx:noop',
      dependsOn: [{ target: 'test-ci--*', params: 'forward' }],
      metadata: expect.objectContaining({ nonAtomizedTarget: 'test' }),
    });
    expect(a.targets!['test-ci--api'].metadata).toMatchObject({ description: expect.any(String) });
    // The metadata an earlier init put in filtered targetDefaults (one glob for the atomized ones) is left to them.
    const earlier = readNxJsonShared(earlierInitNxJson(['test-ci', 'test-ci--*']), nxBehaviour('24.0.6'));
    const [[, result]] = nodesFromModel(modelOf({ ...lib, 'a/Cargo.toml': pkg('a') }), normalizeOptions(undefined), earlier, new Map(), nxBehaviour('24.0.6'));
    const left = Object.values(result.projects!)[0] as ProjectConfiguration;
    expect(left.targets!['test-ci'].metadata).toBeUndefined();
    expect(left.targets!['test-ci--api'].metadata).toBeUndefined();
    expect(a.metadata?.targetGroups).toEqual({ 'test-ci': ['test-ci', 'test-ci--lib', 'test-ci--api', 'test-ci--doc'] });
    expect(Object.keys(a.targets!).filter((t) => t.startsWith('test-ci')).sort()).toEqual(['test-ci', 'test-ci--api', 'test-ci--doc', 'test-ci--lib']);
  });

  it("gives a crate whose library compiles a file of tests/ its own cargo-unit-excludes, keeping tests/ in its unit tests' hash", () => {
    const a = project({ ...lib, 'a/Cargo.toml': pkg('a') }, undefined, new Map([['a', { ...NO_READS, compiledTestDirs: ['tests'] }]]));
    expect(a.namedInputs).toEqual({
      'cargo-compiled': ['cargo-all-targets', '!{projectRoot}/benches/**/*', '!{projectRoot}/examples/**/*'],
      'cargo-unit-excludes': ['!{projectRoot}/benches/**/*.rs', '!{projectRoot}/examples/**/*.rs'],
    });
  });

  it("copies the crate's own test settings ([package.metadata.nx.targets.test]) into each atomized target", () => {
    const a = project({ ...lib, 'a/Cargo.toml': `${pkg('a')}[features]\nslow = []\n[package.metadata.nx.targets.test.options]\nfeatures = ["slow"]\n` });
    expect(a.targets!['test-ci--api'].options).toEqual({ command: 'test', profile: 'dev', features: ['slow'], testTarget: 'test:api' });
  });

  it('without them (ciTestTargetName: false), defines none of their named inputs in the project', () => {
    const [[, result]] = nodesFromModel(modelOf({ ...lib, 'a/Cargo.toml': pkg('a') }), normalizeOptions({ ciTestTargetName: false }), NOTHING_SHARED, new Map(), nxBehaviour('24.0.6'));
    const a = Object.values(result.projects!)[0] as ProjectConfiguration;
    expect(Object.keys(a.namedInputs!).filter((n) => n.includes('unit'))).toEqual([]);
    expect(Object.keys(a.targets!).filter((t) => t.includes('ci'))).toEqual([]);
  });
});
