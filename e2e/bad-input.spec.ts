/**
 * Input cargo would reject, and a machine without cargo: the graph still builds, every other
 * crate still works, and the problem is reported where the user will look.
 *
 * Fixture `broken`: a workspace at the Nx root with crates/good (using crates/helper) and
 * crates/extra; tools/probe, a Cargo workspace of its own inside it; scratch/, a standalone crate
 * whose Cargo.toml does not parse (line 7 opens a table header and never closes it); legacy/, a
 * workspace whose `members` has an entry matching nothing (so cargo refuses its crate, one).
 */
import { spawnSync } from 'node:child_process';
import { oracle, oracleTable } from './utils/oracle';
import {
  cleanEnv,
  createWorkspace,
  parseJson,
  pathWithoutCargo,
  taskIds,
  taskOutcomes,
  tasksWith,
  type CommandResult,
  type TestWorkspace,
} from './utils/workspace';

const PROJECTS = ['extra', 'good', 'helper', 'one', 'probe', 'scratch'];

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

  it('reports a `members` entry that matches nothing, and fails the crates of that workspace with it', () => {
    expect(shown.output).toContain('legacy/Cargo.toml:4:22: workspace.members entry `plugins/*` matches no folder');
    const result = ws.nx(['build', 'one'], { allowFailure: true });
    expect(result.status).not.toBe(0);
    expect(result.output).toContain(
      'Cannot run cargo for this crate: legacy/Cargo.toml:4:22: workspace.members entry `plugins/*` matches no folder (cargo refuses every crate of the workspace at legacy/Cargo.toml)',
    );
    expect(ws.cargo(['build', '-p', 'one', '--offline'], { cwd: 'legacy', allowFailure: true }).output).toMatch(
      /failed to load manifest for workspace member `[^`]*legacy\/plugins\/\*`/,
    );
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

/**
 * cargo refuses to load a whole Cargo workspace, for any command on any of its crates, when one
 * member's manifest is refused, when a `members` entry matches nothing, or when two members share
 * a package name. Each case starts from a successful, cached `nx run-many -t build test`, breaks
 * the root workspace, and checks that every crate of it fails with the one message (none replayed
 * from the cache, none called flaky), as a lone `cargo build -p <crate>` fails (the oracle), while
 * tools/probe, a Cargo workspace of its own, still builds; then fixes it and builds everything again.
 */
describe('a Cargo workspace cargo refuses to load', () => {
  const NESTED = 'probe';
  const TARGETS = ['build', 'test'];
  let ws: TestWorkspace;

  const runMany = (projects: string[], extra: string[] = []) =>
    ws.nx(['run-many', '-t', ...TARGETS, '-p', projects.join(','), '--output-style=static', ...extra], { allowFailure: true });
  const failed = (result: CommandResult, task: string) => new RegExp(`Failed tasks:[\\s\\S]*\n\\s*- ${task.replace(/[.*+?^${}()|[\]\\@/]/g, '\\$&')}\\s*\n`).test(result.output);
  /** The lines nx printed for one task, from its `nx run` header to the next one. */
  const taskOutput = (result: CommandResult, task: string) => {
    const parts = result.output.split(/^(?=\s*(?:[>✔✖×✓✗]\s+)?nx run \S+)/m);
    return parts.filter((p) => new RegExp(`^\\s*(?:[>✔✖×✓✗]\\s+)?nx run ${task.replace(/[.*+?^${}()|[\]\\@/]/g, '\\$&')}(\\s|$)`).test(p)).join('');
  };

  beforeAll(() => {
    ws = createWorkspace('broken');
    const all = ['extra', 'good', 'helper', NESTED];
    expect(runMany(all).status).toBe(0);
    expect(tasksWith(taskOutcomes(runMany(all)), 'cache')).toEqual(taskIds(all, TARGETS));
  });
  afterAll(() => console.log(`bad-input oracle:\n${oracleTable()}`));

  it.each([
    {
      name: 'a member whose manifest cargo refuses (an inherited field the workspace does not define)',
      file: 'crates/extra/Cargo.toml',
      breaks: (text: string) => text.replace('edition = "2021"', 'edition.workspace = true'),
      // crate folder → project name while broken
      projects: { 'crates/extra': 'extra', 'crates/good': 'good', 'crates/helper': 'helper' },
      message: 'crates/extra/Cargo.toml:4:1: `package.edition.workspace = true` but Cargo.toml has no `workspace.package.edition`',
      cargo: /error inheriting `edition` from workspace root manifest's `workspace\.package\.edition`/,
    },
    {
      name: 'a `members` glob that matches nothing',
      file: 'Cargo.toml',
      breaks: (text: string) => text.replace('members = ["crates/*"]', 'members = ["crates/*", "plugins/*"]'),
      projects: { 'crates/extra': 'extra', 'crates/good': 'good', 'crates/helper': 'helper' },
      message: 'Cargo.toml:3:24: workspace.members entry `plugins/*` matches no folder',
      cargo: /failed to load manifest for workspace member `[^`]*plugins\/\*`/,
    },
    {
      name: 'two members with one package name',
      file: 'crates/extra/Cargo.toml',
      breaks: (text: string) => text.replace('name = "extra"', 'name = "helper"'),
      // Nx needs unique names: the second crate in folder order is qualified with its folder.
      projects: { 'crates/extra': 'helper', 'crates/good': 'good', 'crates/helper': 'helper@crates/helper' },
      message: 'crates/helper/Cargo.toml:2:1: two packages named `helper` in this workspace: crates/extra/Cargo.toml and crates/helper/Cargo.toml',
      cargo: /two packages named `helper` in this workspace/,
    },
  ])('$name: every crate of it fails with that message, none from the cache, as lone cargo fails; the nested workspace builds', (c) => {
    const original = ws.read(c.file);
    ws.write(c.file, c.breaks(original));
    try {
      const broken = Object.values(c.projects);
      const shown = ws.nx(['show', 'projects', '--json']);
      expect(parseJson<string[]>(shown)).toEqual(expect.arrayContaining([...broken, NESTED]));
      expect(shown.output).toContain(c.message);

      const expected = `Cannot run cargo for this crate: ${c.message} (cargo refuses every crate of the workspace at Cargo.toml)`;
      const first = runMany([...broken, NESTED]);
      const again = runMany([...broken, NESTED], ['--skip-nx-cache']);
      for (const result of [first, again]) {
        expect(result.status).not.toBe(0);
        const outcomes = taskOutcomes(result);
        expect(tasksWith(outcomes, 'cache')).toEqual(result === first ? taskIds([NESTED], TARGETS) : []);
        for (const task of taskIds(broken, TARGETS)) {
          expect({ task, failed: failed(result, task) }).toEqual({ task, failed: true });
          expect({ task, output: taskOutput(result, task) }).toEqual({ task, output: expect.stringContaining(expected) });
        }
        for (const task of taskIds([NESTED], TARGETS)) expect({ task, failed: failed(result, task) }).toEqual({ task, failed: false });
        // nx calls a task flaky when it fails with the hash of a cached success.
        expect(result.output).not.toMatch(/flaky/i);
      }

      for (const [dir, project] of Object.entries(c.projects)) {
        const crate = ws.read(`${dir}/Cargo.toml`).match(/^name = "([^"]+)"/m)?.[1] ?? project;
        const alone = ws.cargo(['build', '-p', crate, '--offline'], { allowFailure: true });
        expect(alone.output).toMatch(c.cargo);
        const o = oracle({ name: `${c.name}: ${project}:build`, nx: failed(first, `${project}:build`) ? 'failed' : 'passed', cargo: alone.status === 0 ? 'passed' : 'failed', via: 'run' });
        expect(o.nx).toBe(o.cargo);
      }
      const probe = ws.cargo(['build', '-p', NESTED, '--offline'], { cwd: 'tools/probe', allowFailure: true });
      const o = oracle({ name: `${c.name}: ${NESTED}:build`, nx: failed(first, `${NESTED}:build`) ? 'failed' : 'passed', cargo: probe.status === 0 ? 'passed' : 'failed', via: 'cache' });
      expect(o.nx).toBe(o.cargo);
    } finally {
      ws.write(c.file, original);
    }
    const fixed = runMany(['extra', 'good', 'helper', NESTED]);
    expect(fixed.status).toBe(0);
    expect(fixed.output).not.toMatch(/flaky/i);
    expect(ws.cargo(['build', '-p', 'extra', '--offline']).status).toBe(0);
  });
});

describe('a Cargo workspace cargo refuses, with targetDefaults making every build cacheable', () => {
  it('replays no cached success and calls nothing flaky', () => {
    // targetDefaults win over what a plugin infers: the stand-in targets become cacheable with inputs.
    const ws = createWorkspace('broken', { nxJson: { targetDefaults: { build: { cache: true, inputs: ['default'] } } } });
    const crates = ['extra', 'good', 'helper'];
    const build = (extra: string[] = []) =>
      ws.nx(['run-many', '-t', 'build', '-p', crates.join(','), '--output-style=static', ...extra], { allowFailure: true });
    expect(build().status).toBe(0);
    ws.replace('crates/extra/Cargo.toml', 'edition = "2021"', 'edition.workspace = true');
    const target = ws.nxJson<{ targets: Record<string, { executor: string; cache?: boolean }> }>(['show', 'project', 'good', '--json']).targets.build;
    expect(target).toMatchObject({ executor: '@ms/rust:manifest-error', cache: true });
    for (const result of [build(), build(['--skip-nx-cache']), build()]) {
      expect(result.status).not.toBe(0);
      expect(tasksWith(taskOutcomes(result), 'cache')).toEqual([]);
      expect(result.output).not.toMatch(/flaky/i);
    }
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
    expect(Object.keys(hello.targets).sort()).toEqual(['build', 'cargo-lock', 'check', 'fmt', 'lint', 'package', 'run', 'test', 'test-ci', 'test-ci--bin-hello']);
  });
});
