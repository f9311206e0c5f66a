/**
 * The @ms/rust:cargo executor through real Nx: batched runs with one cargo per group and a
 * result per crate, build artifacts restored from the cache, failures credited to the crate
 * that has them, and the single-task path.
 *
 * Fixture `clean`: greet (library), hello (binary using greet), other (unrelated library).
 * A `cargo` shim first on PATH logs every cargo command line, then runs the real cargo.
 */
import { existsSync, rmSync } from 'node:fs';
import { cargoShim, createWorkspace, run, taskIds, taskOutcomes, tasksWith, type CommandResult, type TestWorkspace } from './utils/workspace';

/** The tasks nx lists under "Failed tasks:". */
function failedTasks(result: CommandResult): string[] {
  const list = /Failed tasks:\s*\n((?:[ \t]*- \S+[ \t]*\n)+)/.exec(result.output)?.[1] ?? '';
  return list.split('\n').map((l) => l.trim().replace(/^- /, '')).filter(Boolean).sort();
}

describe('@ms/rust:cargo', () => {
  let ws: TestWorkspace;
  let env: Record<string, string>;
  let log: () => string[];
  let clearLog: () => void;

  beforeAll(() => {
    ws = createWorkspace('clean');
    ({ env, calls: log, clear: clearLog } = cargoShim(ws));
  });

  it('runs build, test and lint of every crate with one cargo per group, each task with its own result', () => {
    const result = ws.nx(['run-many', '-t', 'build', 'test', 'lint', '--output-style=static'], { env });
    const outcomes = taskOutcomes(result);
    expect(tasksWith(outcomes, 'run')).toEqual(taskIds(['greet', 'hello', 'other'], ['build', 'lint', 'test']));
    const calls = log();
    // build: one call; test: a keep-going compile of the test targets, then one test run; lint: one call.
    expect(calls.filter((c) => c.startsWith('build ') && !c.includes('--tests'))).toHaveLength(1);
    expect(calls.filter((c) => c.startsWith('build --tests'))).toHaveLength(1);
    expect(calls.filter((c) => c.startsWith('test '))).toHaveLength(1);
    expect(calls.filter((c) => c.startsWith('clippy '))).toHaveLength(1);
    expect(calls).toHaveLength(4);
    for (const call of calls) expect(call).toMatch(/-p greet@0\.1\.0 -p hello@0\.1\.0 -p other@0\.1\.0/);
    // Each test task shows its own crate's tests.
    expect(result.output).toMatch(/> nx run greet:test[\s\S]*?test tests::greets \.\.\. ok/);
    expect(result.output).toMatch(/> nx run other:test[\s\S]*?test tests::doubles \.\.\. ok/);
    expect(existsSync(ws.path('dist/target/dev/hello/hello'))).toBe(true);
  });

  it('keeps one batch, one cargo, whatever --parallel: the lock gates ride in the same batch as the builds', () => {
    // Nx keeps a task in one batch with the tasks depending on it only when they share an
    // executor; a gate of another executor would release the builds a few at a time.
    clearLog();
    ws.nx(['run-many', '-t', 'build', '--parallel=1', '--skip-nx-cache', '--output-style=static'], { env });
    expect(log().filter((c) => c.startsWith('build '))).toHaveLength(1);
  });

  it('restores runnable binaries from the cache after rm -rf dist target', () => {
    clearLog();
    rmSync(ws.path('dist'), { recursive: true, force: true });
    rmSync(ws.path('target'), { recursive: true, force: true });
    const result = ws.nx(['run-many', '-t', 'build', '--output-style=static'], { env });
    expect(tasksWith(taskOutcomes(result), 'cache')).toEqual(taskIds(['greet', 'hello', 'other'], ['build']));
    expect(log()).toEqual([]);
    expect(run(ws.path('dist/target/dev/hello/hello'), [], ws.root).stdout.trim()).toBe('Hello, world!');
  });

  it('misses the cache for another profile, and builds its artifacts into that profile folder', () => {
    const result = ws.nx(['run-many', '-t', 'build', '-c', 'release', '--output-style=static'], { env });
    expect(tasksWith(taskOutcomes(result), 'run')).toEqual(taskIds(['greet', 'hello', 'other'], ['build:release']));
    expect(result.output).toContain('--release');
    expect(run(ws.path('dist/target/release/hello/hello'), [], ws.root).stdout.trim()).toBe('Hello, world!');
  });

  it('fails exactly the crate with a compile error, shows its diagnostics there, and caches nothing of it', () => {
    ws.replace('other/src/lib.rs', /\{\n/, '{\n    let unused: u32 = "text";\n');
    const first = ws.nx(['run-many', '-t', 'build', '--output-style=static'], { env, allowFailure: true });
    expect(first.status).not.toBe(0);
    expect(first.output).toMatch(/> nx run other:build[\s\S]*?mismatched types[\s\S]*?other\/src\/lib\.rs/);
    expect(first.output).toMatch(/Failed tasks:\s*\n\s*- other:build\s*\n/);
    const again = ws.nx(['run-many', '-t', 'build', '--output-style=static'], { env, allowFailure: true });
    // The failure was not cached: it runs again; the others come from the cache.
    expect(tasksWith(taskOutcomes(again), 'run')).toEqual(['other:build']);
    ws.git(['checkout', '--', 'other/src/lib.rs']);
  });

  it("shows a dependency's compiler errors in its dependent's output, whether or not the dependency is a task of the run", () => {
    // Line 3 of greet/src/lib.rs: a type error.
    ws.replace('greet/src/lib.rs', /\{\n/, '{\n    let wrong: u32 = "text";\n');
    try {
      // greet is no task of the run: hello's own task fails with greet's errors.
      const alone = ws.nx(['build', 'hello', '--exclude-task-dependencies', '--skip-nx-cache', '--output-style=static'], { env, allowFailure: true });
      expect(alone.status).not.toBe(0);
      expect(alone.output).toMatch(/> nx run hello:build[\s\S]*hello: could not be built: greet, which it depends on, does not compile:\s*\nerror\[E0308\]: mismatched types\n\s*--> greet\/src\/lib\.rs:3:\d+/);
      expect(failedTasks(alone)).toEqual(['hello:build']);
      // `test` does not depend on ^build: the same for hello's tests.
      const tests = ws.nx(['test', 'hello', '--skip-nx-cache', '--output-style=static'], { env, allowFailure: true });
      expect(tests.status).not.toBe(0);
      expect(tests.output).toMatch(/hello: could not be tested: greet, which it depends on, does not compile:\s*\nerror\[E0308\][\s\S]*?greet\/src\/lib\.rs:3:\d+/);
      // greet's task is in the batch: its own output has its errors; hello is not run, and says
      // where greet's errors are, with the first one.
      const batch = ws.nx(['run-many', '-t', 'build', '--skip-nx-cache', '--output-style=static'], { env, allowFailure: true });
      expect(batch.output).toMatch(/> nx run greet:build[\s\S]*?error\[E0308\]: mismatched types\n\s*--> greet\/src\/lib\.rs:3:\d+/);
      expect(batch.output).toMatch(/hello:build: not run: greet failed to compile\n\s+greet's errors are in greet:build's output; the first:\n\s+error\[E0308\]: mismatched types\n\s+--> greet\/src\/lib\.rs:3:\d+/);
      expect(batch.output).toMatch(/Tasks not run because their dependencies failed[^\n]*\n\s*- hello:build\s*\n/);
    } finally {
      ws.git(['checkout', '--', 'greet/src/lib.rs']);
    }
  });

  it("fails fmt of the crate whose file rustfmt cannot parse, with rustfmt's error, and passes the other crates", () => {
    ws.append('other/src/lib.rs', '\npub fn broken( {\n');
    try {
      const result = ws.nx(['run-many', '-t', 'fmt', '--skip-nx-cache', '--output-style=static'], { env, allowFailure: true });
      expect(result.status).not.toBe(0);
      expect(result.output).toMatch(/> nx run other:fmt[\s\S]*?error: this file contains an unclosed delimiter\n\s*--> \S*other\/src\/lib\.rs:\d+:\d+/);
      expect(failedTasks(result)).toEqual(['other:fmt']);
      expect(result.output).not.toMatch(/cargo fmt failed|Tasks not run/);
    } finally {
      ws.git(['checkout', '--', 'other/src/lib.rs']);
    }
  });

  it('runs a single task on its own with --batch=false, artifacts included', () => {
    rmSync(ws.path('dist'), { recursive: true, force: true });
    const result = ws.nx(['build', 'hello', '--batch=false', '--skip-nx-cache'], { env });
    expect(result.output).toContain('> cargo build -p hello@0.1.0 --message-format=json-render-diagnostics');
    expect(existsSync(ws.path('dist/target/dev/hello/hello'))).toBe(true);
  });

  it('fails with rustup\'s own words when rust-toolchain.toml names a toolchain that is not installed', () => {
    ws.write('rust-toolchain.toml', '[toolchain]\nchannel = "1.50.0"\n');
    const result = ws.nx(['build', 'greet', '--skip-nx-cache'], { env: { ...env, RUST_BACKTRACE: '0' }, allowFailure: true });
    rmSync(ws.path('rust-toolchain.toml'));
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/toolchain '1\.50\.0-[^']+' is not installed/);
    expect(result.output).not.toMatch(/\n\s+at .+\(.+\.js:\d+:\d+\)/); // no JavaScript stack trace
  });

  it('passes what follows the target to the program, and refuses unknown options elsewhere', () => {
    expect(ws.nx(['run', 'hello:run', '--', 'ignored-by-hello'], { env }).output).toContain('Hello, world!');
    const refused = ws.nx(['build', 'greet', '--bogus', '--skip-nx-cache'], { env, allowFailure: true });
    expect(refused.status).not.toBe(0);
    expect(refused.output).toContain('@ms/rust:cargo (build) does not take --bogus');
  });
});
