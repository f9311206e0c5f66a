/**
 * The older Nx majors of the plugin's peer range, Nx 22 and 23 (every other spec runs Nx 24): the
 * newest release of each, installed with the same packed plugin into a template of its own.
 *
 * Fixture `clean`: greet (library), hello (binary printing greet's greeting), other (unrelated
 * library). The tests of one version run in order on one workspace, starting without the plugin.
 *
 * What differs there (see packages/rust/src/plugin/nx-version.ts): their batches never look up a
 * task that reads the outputs of a task that is never cached, so no target reads the lock gate's
 * outputs (their `nx affected` selects whole projects, which the gate's Cargo.lock input does);
 * and init writes no `targetDefaults` (Nx 22 drops entries filtered by plugin), so every project
 * carries its targets' whole configuration. `nx release` takes the same version actions there (Nx 22's
 * `updateProjectDependencies` has no fourth argument, which they do not use).
 */
import type { ProjectConfiguration } from '@nx/devkit';
import { createWorkspace, OLDER_NX_MAJORS, prepareNxTemplate, taskIds, taskOutcomes, tasksWith, type TestWorkspace } from './utils/workspace';

const TARGETS = ['build', 'test', 'lint'];
const ALL = taskIds(['greet', 'hello', 'other'], TARGETS);
const GATE_OUTPUTS = { dependentTasksOutputFiles: 'dist/.cargo-lock/**' };

describe.each(OLDER_NX_MAJORS)('on Nx $nx', (versions) => {
  let ws: TestWorkspace;

  /** `nx run-many -t build test lint`; the tasks nx ran (every task accounted for), and its output. */
  const runAll = (): { ran: string[]; output: string } => {
    const result = ws.nx(['run-many', '-t', ...TARGETS, '--output-style=static']);
    const outcomes = taskOutcomes(result);
    expect([...outcomes.keys()].sort()).toEqual(ALL);
    return { ran: tasksWith(outcomes, 'run'), output: result.output };
  };
  const hello = () => ws.exec(ws.path('dist/target/dev/hello/hello'), []).stdout.trim();

  beforeAll(() => {
    ws = createWorkspace('clean', { template: prepareNxTemplate(versions) });
    // As before `nx add @ms/rust`: no plugin registered.
    ws.write('nx.json', '{}\n');
    ws.commit('nx.json without the plugin');
  });

  it('runs that Nx', () => {
    expect(ws.nx(['--version']).output).toContain(`Local: v${versions.nx}`);
  });

  it('nx g @ms/rust:init registers the plugin and the shared named inputs, and writes no targetDefaults', () => {
    ws.nx(['g', '@ms/rust:init']);
    const nxJson = JSON.parse(ws.read('nx.json')) as { plugins: unknown[]; namedInputs: Record<string, unknown>; targetDefaults?: unknown };
    expect(nxJson.plugins).toEqual(['@ms/rust']);
    const kinds = ['build', 'check', 'doc', 'fmt', 'lint', 'package', 'test'].map((k) => `cargo-${k}-inputs`);
    expect(Object.keys(nxJson.namedInputs).sort()).toEqual(
      [
        'cargo-all-targets',
        'cargo-compiled',
        'cargo-env',
        'cargo-lock-gate',
        'cargo-reads',
        'cargo-sources',
        'cargo-toolchain',
        'cargo-workspace',
        'cargo-workspace-unseen-lock',
        'cargo-test-unit-inputs',
        'cargo-unit-excludes',
        ...kinds,
      ].sort(),
    );
    // Nx 24's value, whatever Nx wrote it: each project overrides it below Nx 24.
    expect(nxJson.namedInputs['cargo-lock-gate']).toEqual([GATE_OUTPUTS]);
    expect(nxJson.targetDefaults).toBeUndefined();
    ws.commit('nx g @ms/rust:init');
  });

  it('infers one project per crate', () => {
    expect(ws.nx(['show', 'projects']).stdout.trim().split('\n').sort()).toEqual(['greet', 'hello', 'other']);
  });

  it('configures each target whole: cached, behind the lock gate, never reading its outputs', () => {
    const project = ws.nxJson<ProjectConfiguration>(['show', 'project', 'hello', '--json']);
    const targets = project.targets!;
    // The named inputs come from nx.json, but the lock gate's: empty here, whatever nx.json holds.
    expect(project.namedInputs).toEqual({ 'cargo-lock-gate': [] });
    expect(targets.build).toMatchObject({
      cache: true,
      dependsOn: ['cargo-lock'],
      inputs: ['cargo-build-inputs', { input: 'cargo-compiled', projects: ['greet'] }, { externalDependencies: [] }],
      metadata: { description: 'Compile the crate' },
    });
    for (const name of ['test', 'lint']) {
      expect({ name, target: targets[name] }).toMatchObject({ name, target: { cache: true, dependsOn: ['cargo-lock'] } });
      expect({ name, inputs: targets[name].inputs }).toEqual({ name, inputs: [`cargo-${name}-inputs`, '^cargo-compiled'] });
    }
    expect(targets['cargo-lock']).toMatchObject({ cache: false, inputs: ['{workspaceRoot}/Cargo.lock', { externalDependencies: [] }] });
  });

  it('runs build test lint in batches, then replays every task from the cache', () => {
    const cold = runAll();
    expect(cold.ran).toEqual(ALL);
    expect(cold.output).toContain('(one cargo run for 3 crates)');
    expect(hello()).toBe('Hello, world!');
    expect(runAll().ran).toEqual([]);
  });

  it('runs test-ci: one passing task per test binary (the dependsOn glob expanded), then each from the cache', () => {
    const env = { NX_SKIP_ATOMIZER_VALIDATION: 'true' };
    const atomized = ['greet:test-ci--doc', 'greet:test-ci--lib', 'hello:test-ci--bin-hello', 'other:test-ci--doc', 'other:test-ci--lib'];
    const cold = taskOutcomes(ws.nx(['run-many', '-t', 'test-ci', '--output-style=static'], { env }));
    expect(tasksWith(cold, 'run')).toEqual(expect.arrayContaining(atomized));
    const warm = taskOutcomes(ws.nx(['run-many', '-t', 'test-ci', '--output-style=static'], { env }));
    expect(tasksWith(warm, 'cache')).toEqual(expect.arrayContaining(atomized));
  });

  it('re-runs the binary crate after a change to what it prints, and replays the old binary once the change is undone', () => {
    ws.replace('hello/src/main.rs', 'greeting("world")', `greeting("Nx ${versions.nx}")`);
    expect(runAll().ran).toEqual(taskIds(['hello'], TARGETS));
    expect(hello()).toBe(`Hello, Nx ${versions.nx}!`);
    ws.replace('hello/src/main.rs', `greeting("Nx ${versions.nx}")`, 'greeting("world")');
    expect(runAll().ran).toEqual([]);
    expect(hello()).toBe('Hello, world!');
  });

  it('selects every crate after a Cargo.lock-only commit (the lock gate) and replays them all from the cache', () => {
    ws.replace('Cargo.lock', /\n\n/, '\n# A comment, no package changed.\n\n');
    ws.commit('Cargo.lock only');
    expect(ws.nx(['show', 'projects', '--affected', '--base=HEAD~1', '--head=HEAD']).stdout.trim().split('\n').sort()).toEqual(['greet', 'hello', 'other']);
    // Each task hashes only its own slice of the lock, which did not change.
    const outcomes = taskOutcomes(ws.nx(['affected', '-t', ...TARGETS, '--base=HEAD~1', '--head=HEAD', '--output-style=static']));
    expect([...outcomes.keys()].sort()).toEqual(ALL);
    expect(tasksWith(outcomes, 'run')).toEqual([]);
  });

  it('warns about targetDefaults filtered to the plugin (written for Nx 24), and keeps the targets whole', () => {
    const nxJson = JSON.parse(ws.read('nx.json')) as Record<string, unknown>;
    ws.write('nx.json', JSON.stringify({ ...nxJson, targetDefaults: { lint: [{ filter: { plugin: '@ms/rust' }, cache: true }] } }, null, 2));
    const result = ws.nx(['show', 'project', 'hello', '--json']);
    expect(result.output).toContain(`@ms/rust: nx.json's targetDefaults filtered to @ms/rust (lint) are written for Nx >= 24, and this workspace has Nx ${versions.nx}: remove them.`);
    const lint = (JSON.parse(result.stdout) as ProjectConfiguration).targets!.lint;
    expect(lint).toMatchObject({ cache: true, dependsOn: ['cargo-lock'], inputs: expect.arrayContaining(['^cargo-compiled']) });
  });

  it('nx release patch with the release configuration init wrote: the versions in the manifests and Cargo.lock, a changelog and a tag each', () => {
    ws.git(['checkout', '--', 'nx.json']);
    expect(JSON.parse(ws.read('nx.json')).release).toMatchObject({ projects: ['greet', 'hello', 'other'], projectsRelationship: 'independent', version: { versionActions: '@ms/rust/release' } });
    ws.nx(['release', 'patch', '--first-release', '--skip-publish']);
    for (const crate of ['greet', 'hello', 'other']) {
      expect({ crate, version: /^version = "(.*)"$/m.exec(ws.read(`${crate}/Cargo.toml`))?.[1], changelog: ws.read(`${crate}/CHANGELOG.md`) }).toEqual({ crate, version: '0.1.1', changelog: expect.stringMatching(/^## 0\.1\.1 /) });
    }
    expect(ws.cargo(['metadata', '--offline', '--locked', '--format-version', '1']).status).toBe(0);
    expect(ws.git(['tag', '--list']).stdout.trim().split('\n').sort()).toEqual(['greet@0.1.1', 'hello@0.1.1', 'other@0.1.1']);
    expect(ws.git(['status', '--porcelain']).stdout.trim()).toBe('');
  });
});
