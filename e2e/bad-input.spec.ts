/**
 * Input cargo would reject, and a machine without cargo: the graph still builds, every other
 * crate still works, and the problem is reported where the user will look.
 *
 * Fixture `broken`: a workspace at the Nx root with crates/good (using crates/helper);
 * scratch/, a standalone crate whose Cargo.toml does not parse (line 7 opens a table header and
 * never closes it); legacy/, a workspace whose `members` has an entry matching nothing.
 */
import { spawnSync } from 'node:child_process';
import { cleanEnv, createWorkspace, parseJson, pathWithoutCargo, type CommandResult, type TestWorkspace } from './utils/workspace';

const PROJECTS = ['good', 'helper', 'one', 'scratch'];

describe('a malformed Cargo.toml', () => {
  let ws: TestWorkspace;
  let shown: CommandResult;
  /** `scratch/Cargo.toml:<line>:<column>` as cargo itself reports the parse error. */
  let where: string;

  beforeAll(() => {
    ws = createWorkspace('broken');
    const cargo = ws.cargo(['metadata', '--no-deps', '--offline', '--format-version', '1'], { cwd: 'scratch', allowFailure: true });
    expect(cargo.status).not.toBe(0);
    const at = /--> \S*Cargo\.toml:(\d+):(\d+)/.exec(cargo.output);
    if (!at) throw new Error(`cargo gave no position for the parse error:\n${cargo.output}`);
    where = `scratch/Cargo.toml:${at[1]}:${at[2]}`;
    shown = ws.nx(['show', 'projects', '--json']);
  });

  it('does not stop `nx show projects`: every crate is listed, the broken one too', () => {
    expect(shown.status).toBe(0);
    expect(parseJson<string[]>(shown).sort()).toEqual(PROJECTS);
  });

  it('prints an error naming the file, line and column cargo reports', () => {
    expect(where).toBe('scratch/Cargo.toml:7:14');
    expect(shown.stderr.length).toBeGreaterThan(0);
    expect(shown.output).toContain(where);
  });

  it('warns about a `members` entry that matches nothing', () => {
    expect(shown.output).toMatch(/legacy\/Cargo\.toml.*plugins\/\*/);
  });

  it('still builds the other crates', () => {
    const result = ws.nx(['build', 'good']);
    expect(result.output).toContain('cargo build -p good');
    expect(result.output).toMatch(/Compiling helper v0\.1\.0[\s\S]*Compiling good v0\.1\.0/);
  });

  it('fails the broken crate’s targets with the file:line:column message', () => {
    const targets = Object.keys(ws.nxJson<{ targets: Record<string, unknown> }>(['show', 'project', 'scratch', '--json']).targets);
    expect(targets).toEqual(expect.arrayContaining(['build', 'check', 'test', 'lint', 'fmt']));
    const result = ws.nx(['build', 'scratch'], { allowFailure: true });
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(new RegExp(`Cannot run cargo for this crate: ${where.replace(/\./g, '\\.')}`));
  });
});

describe('cargo missing from PATH', () => {
  let ws: TestWorkspace;

  beforeAll(() => {
    ws = createWorkspace('clean');
  });

  it('`nx show projects` and `nx show project` still work', () => {
    const env = { PATH: pathWithoutCargo() };
    // The environment really has no cargo (nor rustc), yet node and npx run.
    for (const tool of ['cargo', 'rustc']) {
      expect(spawnSync(tool, ['--version'], { env: cleanEnv(env) }).error).toMatchObject({ code: 'ENOENT' });
    }
    const shown = ws.nx(['show', 'projects', '--json'], { env });
    expect(parseJson<string[]>(shown).sort()).toEqual(['greet', 'hello', 'other']);
    const hello = ws.nxJson<{ targets: Record<string, unknown> }>(['show', 'project', 'hello', '--json'], { env });
    expect(Object.keys(hello.targets).sort()).toEqual(['build', 'cargo-lock', 'check', 'fmt', 'lint', 'package', 'run', 'test']);
  });
});
