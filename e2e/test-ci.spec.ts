/**
 * The atomized test targets (`test-ci`, for Nx Agents) through real Nx: what `nx show project`
 * lists, that `nx run-many -t test-ci` passes and fails where `nx run-many -t test` does, with as
 * many cargo calls, each task with its own test binary's result and its own cache entry, and the
 * `ciTestTargetName` option.
 *
 * Fixture `test-ci`: calc (library: a unit test, a doc test, integration tests math and edge, an
 * example), app (binary with a unit test, depending on calc). A `cargo` shim logs every call.
 */
import { cargoShim, createWorkspace, taskOutcomes, tasksWith, type CommandResult, type TestWorkspace } from './utils/workspace';

/** The tasks nx lists under "Failed tasks:". */
function failedTasks(result: CommandResult): string[] {
  const list = /Failed tasks:\s*\n((?:[ \t]*- \S+[ \t]*\n)+)/.exec(result.output)?.[1] ?? '';
  return list.split('\n').map((l) => l.trim().replace(/^- /, '')).filter(Boolean).sort();
}

/** cargo's calls, without the `cargo tree` questions and `--timings` report paths that differ run to run. */
const testCalls = (calls: string[]) => calls.filter((c) => /^(build|test) /.test(c));

interface ShownProject {
  targets: Record<string, { executor: string; options?: { testTarget?: string }; dependsOn?: unknown[]; metadata?: Record<string, unknown>; inputs?: unknown[] }>;
  metadata: { targetGroups?: Record<string, string[]> };
}

const CALC_ATOMIZED = ['test-ci--doc', 'test-ci--edge', 'test-ci--examples', 'test-ci--lib', 'test-ci--math'];
const ATOMIZED_TASKS = [...CALC_ATOMIZED.map((t) => `calc:${t}`), 'app:test-ci--bin-app'].sort();

describe('test-ci', () => {
  let ws: TestWorkspace;
  let env: Record<string, string>;
  let log: () => string[];
  let clearLog: () => void;

  beforeAll(() => {
    ws = createWorkspace('test-ci');
    const shim = cargoShim(ws);
    ({ calls: log, clear: clearLog } = shim);
    // Nx runs a target with metadata.nonAtomizedTarget only under Nx Cloud, or with this set.
    env = { ...shim.env, NX_SKIP_ATOMIZER_VALIDATION: 'true' };
  });

  it('lists one atomized target per test binary, in the test-ci target group, test-ci depending on them all', () => {
    const calc = ws.nxJson<ShownProject>(['show', 'project', 'calc', '--json']);
    const app = ws.nxJson<ShownProject>(['show', 'project', 'app', '--json']);
    expect(Object.keys(calc.targets).filter((t) => t.startsWith('test-ci--')).sort()).toEqual(CALC_ATOMIZED);
    expect(Object.keys(app.targets).filter((t) => t.startsWith('test-ci--'))).toEqual(['test-ci--bin-app']);
    expect(calc.targets['test-ci--edge'].options?.testTarget).toBe('test:edge');
    expect(calc.targets['test-ci']).toMatchObject({ executor: 'nx:noop', metadata: { nonAtomizedTarget: 'test' } });
    // One glob: Nx expands it to the project's targets it matches (the next test runs them all).
    expect(calc.targets['test-ci'].dependsOn).toEqual([{ target: 'test-ci--*', params: 'forward' }]);
    expect(calc.metadata.targetGroups?.['test-ci']?.sort()).toEqual(['test-ci', ...CALC_ATOMIZED].sort());
    expect(app.metadata.targetGroups?.['test-ci']?.sort()).toEqual(['test-ci', 'test-ci--bin-app']);
  });

  it('is refused by Nx without Nx Cloud or NX_SKIP_ATOMIZER_VALIDATION, pointing to test', () => {
    const refused = ws.nx(['run-many', '-t', 'test-ci', '--output-style=static'], { allowFailure: true });
    expect(refused.status).not.toBe(0);
    expect(refused.output).toMatch(/should only be run with Nx Cloud[\s\S]*use the slower "test" task/);
  });

  it('runs test-ci with the cargo calls test makes, every atomized task passing', () => {
    clearLog();
    const test = ws.nx(['run-many', '-t', 'test', '--output-style=static'], { env });
    const testCargo = testCalls(log());
    clearLog();
    const ci = ws.nx(['run-many', '-t', 'test-ci', '--output-style=static'], { env });
    const ciCargo = testCalls(log());
    expect(test.status).toBe(0);
    expect(ci.status).toBe(0);
    expect(tasksWith(taskOutcomes(ci), 'run')).toEqual(expect.arrayContaining(ATOMIZED_TASKS));
    // The same calls: a keep-going compile of the test targets, then one plain cargo test.
    expect(ciCargo).toHaveLength(2);
    expect(ciCargo.map((c) => c.replace(/ --timings\S*/, ''))).toEqual(testCargo.map((c) => c.replace(/ --timings\S*/, '')));
    // Each task shows its own test binary's output, not the others'.
    const edge = /> nx run calc:test-ci--edge[\s\S]*?(?=\n> nx run |\n\s*—{3,}|\n\s*NX)/.exec(ci.output)?.[0] ?? '';
    expect(edge).toMatch(/test adds_large \.\.\. ok/);
    expect(edge).not.toMatch(/adds_zero|Doc-tests/);
  });

  it('replays every atomized task from the cache when nothing changed, with no cargo', () => {
    clearLog();
    const again = ws.nx(['run-many', '-t', 'test-ci', '--output-style=static'], { env });
    expect(tasksWith(taskOutcomes(again), 'cache')).toEqual(expect.arrayContaining(ATOMIZED_TASKS));
    expect(testCalls(log())).toEqual([]);
  });

  it('a failing integration test fails its own task and test-ci, as it fails test; the unit and doc tests come from the cache', () => {
    ws.replace('calc/tests/edge.rs', '2_000', '2_001');
    clearLog();
    const ci = ws.nx(['run-many', '-t', 'test-ci', '--output-style=static'], { env, allowFailure: true });
    const ciCargo = testCalls(log());
    clearLog();
    const test = ws.nx(['run-many', '-t', 'test', '--output-style=static'], { env, allowFailure: true });
    const testCargo = testCalls(log());
    expect(test.status).not.toBe(0);
    expect(failedTasks(test)).toEqual(['calc:test']);
    expect(ci.status).not.toBe(0);
    // Only its own task failed (test-ci, depending on it, does not run); none was replayed.
    expect(failedTasks(ci)).toEqual(['calc:test-ci--edge']);
    const outcomes = taskOutcomes(ci);
    expect(outcomes.get('calc:test-ci--edge')).toBe('run');
    expect(ci.output).toMatch(/> nx run calc:test-ci--edge[\s\S]*?left: 2000\s+right: 2001/);
    // What compiling the library and binaries reads did not change: those come from the cache.
    expect(['calc:test-ci--lib', 'calc:test-ci--doc', 'app:test-ci--bin-app'].map((t) => outcomes.get(t))).toEqual(['cache', 'cache', 'cache']);
    // An integration test or example may `mod` any file of tests/: theirs run again, and pass.
    expect(tasksWith(outcomes, 'run')).toEqual(expect.arrayContaining(['calc:test-ci--examples', 'calc:test-ci--math']));
    expect(ci.output).toMatch(/> nx run calc:test-ci--math[\s\S]*?test adds_zero \.\.\. ok/);
    // No more cargo calls than test: the compile, then one cargo test selecting the three.
    expect(ciCargo).toHaveLength(testCargo.length);
    expect(ciCargo[1]).toMatch(/^test -p calc@0\.1\.0 --examples --test edge --test math /);
  });

  it('fails again, not replayed, and passes from the cache once fixed', () => {
    const ci = ws.nx(['run-many', '-t', 'test-ci', '--output-style=static'], { env, allowFailure: true });
    expect(failedTasks(ci)).toEqual(['calc:test-ci--edge']);
    expect(taskOutcomes(ci).get('calc:test-ci--edge')).toBe('run');
    ws.replace('calc/tests/edge.rs', '2_001', '2_000');
    clearLog();
    const fixed = ws.nx(['run-many', '-t', 'test-ci', '--output-style=static'], { env });
    expect(tasksWith(taskOutcomes(fixed), 'cache')).toEqual(expect.arrayContaining(ATOMIZED_TASKS));
    expect(testCalls(log())).toEqual([]);
  });

  it('a failing doc test fails test-ci--doc only, as it fails test', () => {
    ws.replace('calc/src/lib.rs', 'calc::add(2, 3), 5', 'calc::add(2, 3), 6');
    clearLog();
    const ci = ws.nx(['run-many', '-t', 'test-ci', '--output-style=static'], { env, allowFailure: true });
    expect(failedTasks(ci)).toEqual(['calc:test-ci--doc']);
    // The library's source changed: every task of calc and app runs; all calc's binaries pass but doc.
    expect(ci.output).toMatch(/> nx run calc:test-ci--lib[\s\S]*?test tests::adds \.\.\. ok/);
    expect(testCalls(log())).toHaveLength(2);
    const test = ws.nx(['run-many', '-t', 'test', '--output-style=static', '--skip-nx-cache'], { env, allowFailure: true });
    expect(failedTasks(test)).toEqual(['calc:test']);
    ws.replace('calc/src/lib.rs', 'calc::add(2, 3), 6', 'calc::add(2, 3), 5');
  });

  it('an example that does not compile fails test-ci (test-ci--examples) as it fails test', () => {
    ws.replace('calc/examples/demo.rs', 'calc::add(1, 2)', 'calc::add(1, "2")');
    const test = ws.nx(['run-many', '-t', 'test', '--output-style=static'], { env, allowFailure: true });
    expect(failedTasks(test)).toEqual(['calc:test']);
    const ci = ws.nx(['run-many', '-t', 'test-ci', '--output-style=static'], { env, allowFailure: true });
    expect(ci.status).not.toBe(0);
    expect(failedTasks(ci)).toContain('calc:test-ci--examples');
    expect(ci.output).toMatch(/> nx run calc:test-ci--examples[\s\S]*?mismatched types/);
    ws.replace('calc/examples/demo.rs', 'calc::add(1, "2")', 'calc::add(1, 2)');
  });

  it('hands its configuration to its atomized targets: -c release tests the release build', () => {
    clearLog();
    const release = ws.nx(['run-many', '-t', 'test-ci', '-c', 'release', '--output-style=static'], { env });
    expect(tasksWith(taskOutcomes(release), 'run')).toEqual(expect.arrayContaining(ATOMIZED_TASKS.map((t) => `${t}:release`)));
    const calls = testCalls(log());
    expect(calls).toHaveLength(2);
    expect(calls.every((c) => c.includes(' --release'))).toBe(true);
  });

  it('takes its name from ciTestTargetName, and is gone with false', () => {
    const nxJson = JSON.parse(ws.read('nx.json'));
    try {
      ws.write('nx.json', JSON.stringify({ ...nxJson, plugins: [{ plugin: '@ms/rust', options: { ciTestTargetName: 'ci-test' } }] }));
      const renamed = ws.nxJson<ShownProject>(['show', 'project', 'calc', '--json']);
      expect(Object.keys(renamed.targets).filter((t) => t.startsWith('ci-test')).sort()).toEqual(['ci-test', ...CALC_ATOMIZED.map((t) => t.replace('test-ci', 'ci-test'))].sort());
      expect(Object.keys(renamed.targets).some((t) => t.startsWith('test-ci'))).toBe(false);
      expect(renamed.metadata.targetGroups).toEqual({ 'ci-test': expect.arrayContaining(['ci-test', 'ci-test--lib']) });
      const ran = ws.nx(['run', 'calc:ci-test--math', '--output-style=static'], { env });
      expect(ran.output).toMatch(/test adds_zero \.\.\. ok/);

      ws.write('nx.json', JSON.stringify({ ...nxJson, plugins: [{ plugin: '@ms/rust', options: { ciTestTargetName: false } }] }));
      const off = ws.nxJson<ShownProject>(['show', 'project', 'calc', '--json']);
      expect(Object.keys(off.targets).filter((t) => t.includes('ci'))).toEqual([]);
      expect(off.metadata.targetGroups ?? {}).toEqual({});
      expect(off.targets.test).toBeDefined();
    } finally {
      ws.write('nx.json', JSON.stringify(nxJson, null, 2) + '\n');
    }
  });

  it("with init's nx.json (named inputs, no targetDefaults), and with an earlier init's (the metadata in targetDefaults, one glob for the atomized ones): the same targets, described, still atomizing test", () => {
    ws.nx(['g', '@ms/rust:init']);
    const initNxJson = JSON.parse(ws.read('nx.json'));
    expect(initNxJson.targetDefaults).toBeUndefined();
    const described = () => {
      const calc = ws.nxJson<ShownProject>(['show', 'project', 'calc', '--json']);
      expect(Object.keys(calc.targets).filter((t) => t.startsWith('test-ci--')).sort()).toEqual(CALC_ATOMIZED);
      expect(calc.targets['test-ci'].metadata).toMatchObject({ nonAtomizedTarget: 'test' });
      return calc.targets['test-ci--edge'].metadata?.description;
    };
    expect(described()).toBe('Run the integration test edge');
    // An earlier init's entries: the plugin leaves that metadata out, and Nx fills it in from nx.json.
    const ours = (metadata: object) => [{ filter: { plugin: '@ms/rust' }, metadata }];
    ws.write('nx.json', JSON.stringify({ ...initNxJson, targetDefaults: { 'test-ci': ours({ description: 'from nx.json', nonAtomizedTarget: 'test' }), 'test-ci--*': ours({ description: 'one binary, from nx.json' }) } }, null, 2) + '\n');
    expect(described()).toBe('one binary, from nx.json');
    ws.write('nx.json', JSON.stringify(initNxJson, null, 2) + '\n');
    expect(ws.nx(['run-many', '-t', 'test-ci', '--output-style=static'], { allowFailure: true }).output).toMatch(/should only be run with Nx Cloud/);
    const ci = ws.nx(['run-many', '-t', 'test-ci', '--output-style=static'], { env });
    expect(ci.status).toBe(0);
    expect([...taskOutcomes(ci).keys()]).toEqual(expect.arrayContaining(ATOMIZED_TASKS));
  });
});
