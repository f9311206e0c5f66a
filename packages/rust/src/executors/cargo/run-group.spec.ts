import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CrateInfo } from './crate';
import type { TaskGroup } from './grouping';
import type { CargoCommand } from './options';
import { runGroup, type GroupContext } from './run-group';

// cargo is replaced by a fixture of its real output (workspace /WS: a fine, b does not compile,
// c depends on b, d fine; for fmt: b cannot be parsed, e is not formatted).
jest.mock('./cargo-process', () => ({
  ...jest.requireActual('./cargo-process'),
  runCargo: jest.fn(),
}));
jest.mock('./artifacts', () => ({ collectArtifacts: () => '/WS/dist' }));
const { runCargo } = jest.requireMock('./cargo-process') as { runCargo: jest.Mock };

const fixture = (name: string) => readFileSync(join(__dirname, '__fixtures__', name), 'utf8').split('\n');
const plain = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '');
const crate = (name: string): CrateInfo => ({
  project: name,
  name,
  version: '0.1.0',
  workspaceRoot: '/WS',
  manifestPath: `/WS/${name}/Cargo.toml`,
  featureFree: true,
});
const dependencies: Record<string, string[]> = { c: ['b'] };
const ctx: GroupContext = {
  crateOf: (taskId) => crate(taskId.split(':')[0]),
  nxRoot: '/WS',
  dependenciesOf: (c) => new Set(dependencies[c.project] ?? []),
  projectOfManifest: (manifest) => /^\/WS\/(\w+)\/Cargo\.toml$/.exec(manifest)?.[1],
  taskOfRun: () => undefined,
  testUnitsOf: () => [],
};

/** Runs a group of `command` over `projects`, cargo answering with `file` and `exitCode`. */
async function group(command: CargoCommand, projects: string[], file: string, exitCode: number) {
  runCargo.mockImplementation(async (_argv: string[], options: { onLine: (l: string) => void }) => {
    for (const line of fixture(file)) options.onLine(line);
    return { exitCode, stdout: '' };
  });
  const target = command === 'fmt' ? 'fmt' : 'build';
  const taskGroup: TaskGroup = { key: command, options: { command }, cwd: '/WS', taskIds: projects.map((p) => `${p}:${target}`) };
  const written: string[] = [];
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((text) => (written.push(String(text)), true));
  try {
    const outcome = await runGroup(taskGroup, ctx);
    return { ...outcome, written: written.join('') };
  } finally {
    write.mockRestore();
  }
}

describe('runGroup', () => {
  const env = { ...process.env };
  beforeEach(() => {
    process.env.CI = 'true';
    delete process.env.NX_TUI;
    delete process.env.NX_VERBOSE_LOGGING;
  });
  afterAll(() => {
    process.env = env;
  });

  it('fails a crate whose dependency is no task of the run with that dependency’s errors, file and line', async () => {
    const { results } = await group('build', ['a', 'c', 'd'], 'build.txt', 101);
    expect(results['c:build']).toMatchObject({ success: false, status: 'failure' });
    const output = plain(results['c:build'].terminalOutput);
    expect(output).toMatch(/c: could not be built: b, which it depends on, does not compile:\nerror\[E0308\]: mismatched types\n --> b\/src\/lib\.rs:2:5/);
    expect(results['a:build']).toMatchObject({ success: true });
    expect(plain(results['a:build'].terminalOutput)).not.toMatch(/mismatched/);
  });

  it("skips a crate whose dependency's task failed in the same cargo call, pointing to that task's first error", async () => {
    const { results, notRun } = await group('build', ['a', 'b', 'c', 'd'], 'build.txt', 101);
    expect(results['b:build']).toMatchObject({ success: false, status: 'failure' });
    expect(plain(results['b:build'].terminalOutput)).toMatch(/error\[E0308\]: mismatched types\n --> b\/src\/lib\.rs:2:5/);
    expect(results['c:build']).toMatchObject({ success: false, status: 'skipped' });
    expect(plain(notRun['c:build'])).toBe(
      ["not run: b failed to compile", "  b's errors are in b:build's output; the first:", '    error[E0308]: mismatched types', '     --> b/src/lib.rs:2:5'].join('\n'),
    );
  });

  it('fails a crate cargo did not get to because a crate outside the Nx workspace does not compile, with its errors', async () => {
    // b is no project here (a path dependency outside the Nx workspace, say).
    const projectOfManifest = ctx.projectOfManifest;
    ctx.projectOfManifest = (manifest) => (manifest === '/WS/b/Cargo.toml' ? undefined : projectOfManifest(manifest));
    try {
      const { results } = await group('build', ['a', 'c', 'd'], 'build.txt', 101);
      expect(results['c:build']).toMatchObject({ success: false, status: 'failure' });
      expect(plain(results['c:build'].terminalOutput)).toMatch(/c: not compiled: b \(no project of this workspace\) failed to compile:\nerror\[E0308\]: mismatched types\n --> b\/src\/lib\.rs:2:5/);
    } finally {
      ctx.projectOfManifest = projectOfManifest;
    }
  });

  it("skips a crate whose dependency's task is elsewhere in the run (a failure Nx replays from its cache), pointing to it", async () => {
    const taskOfRun = ctx.taskOfRun;
    ctx.taskOfRun = (project, target) => (project === 'b' ? `b:${target}` : undefined);
    try {
      const { results, notRun } = await group('build', ['a', 'c', 'd'], 'build.txt', 101);
      expect(results['c:build']).toMatchObject({ success: false, status: 'skipped' });
      expect(plain(notRun['c:build'])).toMatch(/^not run: b failed to compile\n {2}b's errors are in b:build's output; the first:\n {4}error\[E0308\]: mismatched types\n {5}--> b\/src\/lib\.rs:2:5$/);
    } finally {
      ctx.taskOfRun = taskOfRun;
    }
  });

  it("fails only the crate whose file rustfmt cannot parse, and the one with a diff; the rest pass", async () => {
    const { results } = await group('fmt', ['a', 'b', 'e'], 'fmt-parse-error.txt', 1);
    expect(results['a:fmt']).toMatchObject({ success: true, status: 'success' });
    expect(results['b:fmt']).toMatchObject({ success: false, status: 'failure' });
    expect(plain(results['b:fmt'].terminalOutput)).toMatch(/error: this file contains an unclosed delimiter\n\s+--> \/WS\/b\/src\/lib\.rs:15:18/);
    expect(plain(results['b:fmt'].terminalOutput)).not.toMatch(/cargo fmt failed/);
    expect(results['e:fmt']).toMatchObject({ success: false, status: 'failure' });
    expect(plain(results['e:fmt'].terminalOutput)).toMatch(/Diff in \/WS\/e\/src\/lib\.rs/);
  });

  it("writes cargo's status lines to the batch's output as they come, and no diagnostics there", async () => {
    const { written, results } = await group('build', ['a', 'b', 'c', 'd'], 'build.txt', 101);
    expect(plain(written)).toMatch(/^ {3}Compiling b v0\.1\.0 \(\/WS\/b\)\n/);
    expect(plain(written)).not.toMatch(/mismatched/);
    // Each task's own output is unchanged: its crate's lines only.
    expect(plain(results['b:build'].terminalOutput)).toMatch(/Compiling b v0\.1\.0/);
    expect(plain(results['a:build'].terminalOutput)).not.toMatch(/Compiling b/);
  });

  it('with --verbose (NX_VERBOSE_LOGGING), writes each cargo command line, where it runs, and how it ended', async () => {
    process.env.NX_VERBOSE_LOGGING = 'true';
    const { written } = await group('build', ['a', 'b'], 'build.txt', 101);
    expect(plain(written)).toMatch(/^> cargo build -p a@0\.1\.0 -p b@0\.1\.0 .*--keep-going .* \(in \/WS\)\n/);
    expect(plain(written)).toMatch(/cargo exited with 101, and said, of no crate in particular:\n {2}error: could not compile `b` \(lib\) due to 1 previous error/);
  });
});
