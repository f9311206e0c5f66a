import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestUnit } from '../../cargo/test-units';
import type { CrateInfo } from './crate';
import type { TaskGroup } from './grouping';
import { runGroup, type GroupContext } from './run-group';

// cargo is replaced by its real output (cargo 1.95, workspace /WS): `build --tests` reports the
// artifacts; `cargo test` over a (lib test passes, binary a's test fails, binary other has none,
// tests x passes and y fails, bench bb with `test = true` passes, one of two doc tests fails) and
// b (unit test and no doc tests, passing).
jest.mock('./cargo-process', () => ({
  ...jest.requireActual('./cargo-process'),
  runCargo: jest.fn(),
}));
const { runCargo } = jest.requireMock('./cargo-process') as { runCargo: jest.Mock };

const output = readFileSync(join(__dirname, '__fixtures__', 'test-atomized.txt'), 'utf8').split('\n');
const crate = (name: string): CrateInfo => ({ project: name, name, version: '0.1.0', workspaceRoot: '/WS', manifestPath: `/WS/${name}/Cargo.toml`, featureFree: true });
const UNITS: Record<string, TestUnit[]> = {
  a: ['lib', 'bin:a', 'bin:other', 'test:x', 'test:y', 'bench:bb', 'doc'],
  b: ['lib', 'doc'],
};
const ctx: GroupContext = {
  crateOf: (taskId) => crate(taskId.split(':')[0]),
  nxRoot: '/WS',
  dependenciesOf: () => new Set(),
  projectOfManifest: (manifest) => /^\/WS\/(\w+)\/Cargo\.toml$/.exec(manifest)?.[1],
  taskOfRun: () => undefined,
  testUnitsOf: (project) => UNITS[project] ?? [],
};

/** Runs the atomized test tasks `tasks` (`<project>:<unit>`) as one group; returns each task's result and cargo's calls. */
async function atomized(tasks: string[]) {
  const calls: string[][] = [];
  runCargo.mockImplementation(async (argv: string[], options: { onLine: (l: string) => void }) => {
    calls.push(argv);
    const compile = argv[0] === 'build';
    for (const line of output) if (!compile || line.includes('"compiler-artifact"')) options.onLine(line);
    return { exitCode: compile ? 0 : 101, stdout: '' };
  });
  const taskIds = tasks.map((t) => `${t.split(':')[0]}:test-ci--${t.slice(t.indexOf(':') + 1)}`);
  const testTargets = Object.fromEntries(tasks.map((t, i) => [taskIds[i], t.slice(t.indexOf(':') + 1) as TestUnit]));
  const group: TaskGroup = { key: 'test', options: { command: 'test' }, cwd: '/WS', taskIds, testTargets };
  const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    const { results } = await runGroup(group, ctx);
    const byTask = Object.fromEntries(tasks.map((t, i) => [t, results[taskIds[i]]]));
    return { results: byTask, calls: calls.map((c) => c.filter((a) => !a.startsWith('--message-format') && !a.startsWith('--timings'))) };
  } finally {
    write.mockRestore();
  }
}

const passed = (results: Record<string, { success: boolean }>) => Object.entries(results).filter(([, r]) => r.success).map(([t]) => t).sort();

describe('atomized test tasks in a batch', () => {
  beforeEach(() => {
    process.env.CI = 'true';
    delete process.env.NX_VERBOSE_LOGGING;
  });

  it('asked for every test binary of each crate: one compile and one plain cargo test, as test; each task with its own binary’s verdict', async () => {
    const all = Object.entries(UNITS).flatMap(([p, units]) => units.map((u) => `${p}:${u}`));
    const { results, calls } = await atomized(all);
    expect(calls).toEqual([
      ['build', '--tests', '-p', 'a@0.1.0', '-p', 'b@0.1.0', '--keep-going', '--color', 'never'],
      ['test', '-p', 'a@0.1.0', '-p', 'b@0.1.0', '--no-fail-fast', '--color', 'never'],
    ]);
    expect(passed(results)).toEqual(['a:bench:bb', 'a:bin:other', 'a:lib', 'a:test:x', 'b:doc', 'b:lib']);
    for (const failed of ['a:bin:a', 'a:test:y', 'a:doc']) expect(results[failed]).toMatchObject({ success: false, status: 'failure' });
  });

  it('gives each task its own binary’s output, and its own command', async () => {
    const { results } = await atomized(['a:test:x', 'a:test:y', 'a:lib', 'b:lib']);
    const x = results['a:test:x'].terminalOutput;
    expect(x).toMatch(/^> cargo test -p a@0\.1\.0 --test x --message-format=json --no-fail-fast --color never  \(one cargo run for 2 crates\)\n/);
    expect(x).toMatch(/Running tests\/x\.rs[\s\S]*test x \.\.\. ok/);
    expect(x).not.toMatch(/boom|Running tests\/y\.rs|test unit|Doc-tests|targets failed/);
    expect(results['a:test:y'].terminalOutput).toMatch(/panicked at a\/tests\/y\.rs:1:17:\nboom[\s\S]*to rerun pass `-p a --test y`/);
  });

  it('asked for some: one cargo test with the union of their selections, and one --doc for the doc tests', async () => {
    const { results, calls } = await atomized(['a:test:x', 'a:test:y', 'a:doc', 'b:lib']);
    expect(calls.slice(1)).toEqual([
      ['test', '-p', 'a@0.1.0', '-p', 'b@0.1.0', '--lib', '--test', 'x', '--test', 'y', '--no-fail-fast', '--color', 'never'],
      ['test', '-p', 'a@0.1.0', '--doc', '--no-fail-fast', '--color', 'never'],
    ]);
    expect(passed(results)).toEqual(['a:test:x', 'b:lib']);
  });

  it('fails a task whose test binary cargo never ran: no pass for tests that did not run', async () => {
    const { results } = await atomized(['a:test:z', 'a:test:x']);
    expect(results['a:test:z']).toMatchObject({ success: false });
    expect(results['a:test:z'].terminalOutput).toMatch(/a: cargo test ran no test:z of this crate/);
    expect(results['a:test:x']).toMatchObject({ success: true });
  });
});
