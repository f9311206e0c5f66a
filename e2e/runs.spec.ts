/**
 * Real cargo runs through Nx, and what the cache replays after each kind of change.
 *
 * Fixture `clean`: a workspace at the Nx root, formatted and clippy-clean: greet (library),
 * hello (binary using greet), other (unrelated library with a README), README.md at the root.
 * The tests run in order on one workspace; each one starts from the state the previous left.
 */
import { rmSync } from 'node:fs';
import { createWorkspace, taskIds, taskOutcomes, tasksWith, type CommandResult, type TestWorkspace } from './utils/workspace';

const TARGETS = ['build', 'test', 'lint', 'fmt'];
const ALL = taskIds(['greet', 'hello', 'other'], TARGETS);

describe('nx run-many -t build test lint fmt on a clean workspace', () => {
  let ws: TestWorkspace;

  /** Runs the four targets on every crate; returns the tasks nx ran (not replayed from the cache). */
  const runAll = (env?: Record<string, string | undefined>): { ran: string[]; result: CommandResult } => {
    // Static output shows every task's output (cargo's test report included) and tags replays.
    const result = ws.nx(['run-many', '-t', ...TARGETS, '--output-style=static'], { env });
    const outcomes = taskOutcomes(result);
    // Every task is accounted for, so "not ran" below really means "replayed from the cache".
    expect([...outcomes.keys()].sort()).toEqual(ALL);
    return { ran: tasksWith(outcomes, 'run'), result };
  };

  beforeAll(() => {
    ws = createWorkspace('clean');
  });

  it('succeeds, running every task', () => {
    const { ran, result } = runAll();
    expect(ran).toEqual(ALL);
    expect(result.output).toContain('test tests::greets ... ok');
    expect(result.output).toContain('test tests::doubles ... ok');
  });

  it('replays every task from the cache when nothing changed', () => {
    const { ran, result } = runAll();
    expect(ran).toEqual([]);
    expect(result.output).toMatch(/\[(local cache|existing outputs match the cache, left as is)\]/);
  });

  it('after an edit of the library, re-runs the library and the binary that uses it, not the unrelated crate', () => {
    // Formatted and clippy-clean: the new item goes before the test module.
    ws.replace('greet/src/lib.rs', '#[cfg(test)]', '/// A shorter greeting.\npub fn hi() -> &\'static str {\n    "hi"\n}\n\n#[cfg(test)]');
    const { ran } = runAll();
    // hello:fmt looks at hello's own files only.
    expect(ran).toEqual([...taskIds(['greet'], TARGETS), 'hello:build', 'hello:lint', 'hello:test'].sort());
  });

  it('re-runs nothing after an edit of the README at the workspace root', () => {
    ws.append('README.md', '\nMore words about nothing cargo reads.\n');
    expect(runAll().ran).toEqual([]);
  });

  it("re-runs that crate's test, lint and fmt, not its build, after an edit of a README it does not include", () => {
    ws.append('other/README.md', '\nA line more.\n');
    expect(runAll().ran).toEqual(taskIds(['other'], ['fmt', 'lint', 'test']));
  });

  it('re-runs everything after an edit of the workspace Cargo.toml', () => {
    ws.append('Cargo.toml', '\n# A comment changes the file, not the workspace.\n');
    expect(runAll().ran).toEqual(ALL);
  });

  it('re-runs everything when a .cargo/config.toml appears at the workspace root, and replays when it goes', () => {
    ws.write('.cargo/config.toml', '[env]\nE2E_NOTE = "set by .cargo/config.toml"\n');
    expect(runAll().ran).toEqual(ALL);
    rmSync(ws.path('.cargo'), { recursive: true });
    expect(runAll().ran).toEqual([]);
  });

  it('misses the cache of the compiling targets when RUSTFLAGS is set, then hits it again', () => {
    const flags = { RUSTFLAGS: '-C debuginfo=1' };
    // fmt does not compile: RUSTFLAGS is not one of its inputs.
    expect(runAll(flags).ran).toEqual(taskIds(['greet', 'hello', 'other'], ['build', 'lint', 'test']));
    expect(runAll(flags).ran).toEqual([]);
    expect(runAll().ran).toEqual([]);
  });
});
