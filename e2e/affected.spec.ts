/**
 * `nx show projects --affected`, `nx affected` and the Nx cache after each kind of change, with
 * real git, real cargo and real Nx.
 *
 * Fixture `affected`: a virtual Cargo workspace (`crates/*`, resolver 2, `[workspace.package]`,
 * `[workspace.dependencies]`, `[profile.dev]`) whose crates cover each kind of dependency:
 *
 *   base      nothing                                  mid, parser: normal; gen: dev
 *   mid       base (normal, through workspace.dependencies)
 *   parser    base (normal), testkit (dev only)
 *   testkit   nothing                                  parser's tests only
 *   gen       base (dev only)                          stamped's build script
 *   stamped   gen (build), a build.rs and include!
 *   plat      nothing                                  app, under [target.'cfg(unix)'.dependencies]
 *   ext       cfg-if (registry, ">=0.1.10, <2", through workspace.dependencies)
 *   app       the binary: ext, mid, parser, stamped (normal), plat (cfg(unix))
 *   lonely    nothing, nothing depends on it; `#![doc = include_str!("../README.md")]`
 *
 * Every crate has a README.md and a #[test]; lonely's README holds a doc test. Cargo.lock was made
 * offline against Debian's packaged crates (see prepareCrates): cfg-if 1.0.0.
 *
 * What the plugin promises, from which the expected sets below are written:
 * - build hashes the crate's files and those of its normal and build dependencies, transitively,
 *   with their registry packages (the crate's slice of Cargo.lock); test hashes every crate it
 *   reaches through any edge, so also its dependencies' dev-dependencies, which
 *   `cargo test -p <crate>` never compiles: wider than needed (a needless re-run, never a stale hit);
 * - a crate's Markdown files do not count for build unless the crate includes files (include_str!,
 *   include_bytes!, include!) or has a build script; test still sees them;
 * - every crate has a `cargo-lock` target whose input is the whole Cargo.lock, and the compiling
 *   targets depend on it, so that a commit touching only Cargo.lock reaches them;
 * - the workspace Cargo.toml, .cargo/config.toml, rust-toolchain.toml and cargo's environment
 *   are inputs of every compiling target.
 * `nx show projects --affected` works on projects: the crate owning a changed file and every crate
 * that depends on it through any edge (normal, dev, build). It may list more crates than have a
 * task to re-run; the expected sets say so where it does. `nx affected -t …` (Nx 24) works on
 * tasks: of those crates' tasks, the ones whose inputs match a changed file.
 *
 * The scenarios run in order on one workspace, each committing its change on top of the last.
 * Every scenario's `run-many` runs every task, so it leaves the cache complete for the next one:
 * the "before" run of a scenario is the "after" run of the previous one (or the first test's).
 * A scenario whose run failed leaves the cache incomplete; the next one then runs a baseline first.
 */
import { tmpdir } from 'node:os';
import { cratesEnv, createWorkspace, run, taskIds, taskOutcomes, tasksWith, type CommandResult, type TestWorkspace } from './utils/workspace';

const CRATES = ['app', 'base', 'ext', 'gen', 'lonely', 'mid', 'parser', 'plat', 'stamped', 'testkit'];
const TARGETS = ['build', 'test'];
const ALL = taskIds(CRATES, TARGETS);

/** Task ids as nx prints them for a configuration: `app:build:release`. */
const withConfiguration = (tasks: string[], configuration?: string) => (configuration ? tasks.map((t) => `${t}:${configuration}`) : tasks);

/** One line of the table printed at the end. */
interface Row {
  scenario: string;
  affected: string[];
  rerun: string[];
}

describe('nx affected and the cache after each kind of change', () => {
  let ws: TestWorkspace;
  /** True when the last run-many over every task succeeded: the cache holds the current state. */
  let warm = false;
  const rows: Row[] = [];

  const env = (extra: Record<string, string | undefined> = {}) => ({ ...cratesEnv(), ...extra });

  const head = () => ws.git(['rev-parse', 'HEAD']).stdout.trim();

  /** `nx show projects --affected` between `base` and HEAD, sorted. */
  const affectedSince = (base: string): string[] =>
    ws.nxJson<string[]>(['show', 'projects', '--affected', `--base=${base}`, '--head=HEAD', '--json']).sort();

  /**
   * The build and test tasks of an nx run (the `cargo-lock` gates they depend on are left out).
   * Task ids are `project:target`, or `project:target:configuration` when a configuration was asked for.
   */
  const buildAndTest = (result: CommandResult) => {
    const outcomes = taskOutcomes(result);
    for (const task of [...outcomes.keys()]) if (!TARGETS.includes(task.split(':')[1])) outcomes.delete(task);
    return outcomes;
  };

  /**
   * `nx run-many -t build test` over every crate; returns the tasks nx ran rather than replayed
   * from the cache. Every task must be accounted for, so that "not ran" means "read from the cache".
   */
  const runMany = (extraEnv: Record<string, string | undefined> = {}, configuration?: string): string[] => {
    warm = false;
    const args = configuration ? [`--configuration=${configuration}`] : [];
    const result = ws.nx(['run-many', '-t', ...TARGETS, '--output-style=static', ...args], { env: env(extraEnv) });
    const outcomes = buildAndTest(result);
    expect({ command: result.command, tasks: [...outcomes.keys()].sort() }).toEqual({ command: result.command, tasks: withConfiguration(ALL, configuration) });
    warm = !configuration && Object.keys(extraEnv).length === 0;
    return tasksWith(outcomes, 'run');
  };

  /** `nx affected -t build test` between `base` and HEAD: the tasks it selected, and those it ran. */
  const affectedRun = (base: string): { selected: string[]; ran: string[] } => {
    warm = false;
    const result = ws.nx(['affected', '-t', ...TARGETS, `--base=${base}`, '--head=HEAD', '--output-style=static'], { env: env() });
    const outcomes = buildAndTest(result);
    return { selected: [...outcomes.keys()].sort(), ran: tasksWith(outcomes, 'run') };
  };

  /** Makes sure the cache holds every task of the current commit before a change. */
  const baseline = () => {
    if (!warm) runMany();
  };

  /** Applies `edit`, commits it; returns the commit before it and the files changed (never none). */
  const commitChange = (message: string, edit: () => void): { before: string; committed: string[] } => {
    baseline();
    const before = head();
    edit();
    ws.commit(message);
    const changed = ws.git(['diff', '--name-only', before, 'HEAD']).stdout.trim();
    console.log(`[affected e2e] ${message}: committed ${changed.split('\n').join(', ') || 'nothing'}`);
    expect(changed).not.toEqual('');
    return { before, committed: changed.split('\n').sort() };
  };

  /**
   * Prints expected and actual sets, records the row for the summary, and compares them. MISSING
   * from `affected`, `selectedByAffected` or `rerun`, or anything in `leftForRunMany`, is a missed
   * crate or a stale cache hit; EXTRA in `rerun` is a needless re-run. Both fail the scenario.
   */
  const verdict = <T extends Record<string, string[]>>(scenario: string, expected: T, actual: T) => {
    const lines = [`[affected e2e] ${scenario}`];
    for (const key of Object.keys(expected)) {
      lines.push(`  ${key}`, `    expected: ${JSON.stringify(expected[key])}`, `    actual:   ${JSON.stringify(actual[key])}`);
      const missing = expected[key].filter((x) => !actual[key].includes(x));
      const extra = actual[key].filter((x) => !expected[key].includes(x));
      if (missing.length) lines.push(`    MISSING:  ${JSON.stringify(missing)}`);
      if (extra.length) lines.push(`    EXTRA:    ${JSON.stringify(extra)}`);
    }
    console.log(lines.join('\n'));
    const rerun = actual.rerun ?? [...(actual.ranByAffected ?? []), ...(actual.leftForRunMany ?? [])].sort();
    rows.push({ scenario, affected: actual.affected ?? [], rerun });
    expect({ scenario, ...actual }).toEqual({ scenario, ...expected });
  };

  /** A committed change checked with `nx show projects --affected` and `nx run-many`. */
  const scenario = (name: string, edit: () => void, expected: { affected: string[]; rerun: string[] }) => {
    const { before } = commitChange(name, edit);
    const affected = affectedSince(before);
    const rerun = runMany();
    verdict(name, { affected: [...expected.affected].sort(), rerun: [...expected.rerun].sort() }, { affected, rerun });
  };

  /**
   * A committed change checked with `nx show projects --affected`, then `nx affected -t build test`
   * (Nx 24 selects tasks, not projects: the build and test tasks of affected crates whose inputs
   * match a changed file, `selected`; of those it must run exactly `rerun` and replay the rest),
   * then `nx run-many -t build test`, which must find nothing left to run: a task nx affected
   * left out that needed to run would run there.
   */
  const affectedScenario = (name: string, edit: () => void, expected: { committed?: string[]; affected: string[]; selected: string[]; rerun: string[] }) => {
    const { before, committed } = commitChange(name, edit);
    const affected = affectedSince(before);
    const { selected, ran } = affectedRun(before);
    const leftForRunMany = runMany();
    verdict(
      name,
      {
        ...(expected.committed ? { committed: [...expected.committed].sort() } : {}),
        affected: [...expected.affected].sort(),
        selectedByAffected: [...expected.selected].sort(),
        ranByAffected: [...expected.rerun].sort(),
        leftForRunMany: [],
      },
      { ...(expected.committed ? { committed } : {}), affected, selectedByAffected: selected, ranByAffected: ran, leftForRunMany },
    );
  };

  const addFunction = (file: string, fn: string) => ws.replace(file, '#[cfg(test)]', `${fn}\n\n#[cfg(test)]`);

  beforeAll(() => {
    ws = createWorkspace('affected');
    if (!cratesEnv().CARGO_HOME) {
      // crates.io is reachable: the committed lock names Debian's packages; resolve against crates.io.
      ws.cargo(['generate-lockfile']);
      ws.commit('Cargo.lock for crates.io');
    }
  });

  afterAll(() => {
    const table = rows.map((r) => `| ${r.scenario} | ${r.affected.join(', ') || '—'} | ${r.rerun.join(', ') || '—'} |`);
    console.log(['[affected e2e] actual results', '| change | nx show projects --affected | tasks re-run |', '|---|---|---|', ...table].join('\n'));
  });

  it('infers every crate, builds and tests all of them, then replays all from the cache', () => {
    expect(ws.nxJson<string[]>(['show', 'projects', '--json']).sort()).toEqual(CRATES);
    const first = runMany();
    const second = runMany();
    verdict('first runs', { rerun: ALL, rerunAgain: [] }, { rerun: first, rerunAgain: second });
  });

  it('1. a leaf crate’s source: that crate only', () => {
    scenario('1. crates/app/src/main.rs (the binary; nothing depends on it)', () => addFunction('crates/app/src/main.rs', 'fn unused() {}'), {
      affected: ['app'],
      rerun: taskIds(['app'], TARGETS),
    });
  });

  it('2. the base crate’s source: its dependents; a dev-dependent re-runs its test, not its build', () => {
    affectedScenario('2. crates/base/src/lib.rs (nx affected -t build test)', () => addFunction('crates/base/src/lib.rs', '/// Two.\npub fn two() -> u32 {\n    2\n}'), {
      // gen uses base as a dev-dependency: gen's build is cached, and so is stamped's (gen is its
      // build-dependency). stamped's test re-runs, though it never compiles gen's dev-dependencies:
      // test hashes every crate it reaches through any edge (`^cargo-compiled`). A needless
      // re-run, never a stale hit; the README says so.
      affected: ['app', 'base', 'gen', 'mid', 'parser', 'stamped'],
      selected: [...taskIds(['app', 'base', 'mid', 'parser'], TARGETS), 'gen:test', 'stamped:test'],
      rerun: [...taskIds(['app', 'base', 'mid', 'parser'], TARGETS), 'gen:test', 'stamped:test'],
    });
  });

  it('3. a build-dependency’s source: the crate whose build script uses it, and its dependents', () => {
    scenario('3. crates/gen/src/lib.rs (build-dependency of stamped)', () => addFunction('crates/gen/src/lib.rs', '/// Nothing.\npub fn nothing() {}'), {
      affected: ['app', 'gen', 'stamped'],
      rerun: taskIds(['app', 'gen', 'stamped'], TARGETS),
    });
  });

  it('3b. a target-specific dependency’s source: that crate and the binary that uses it on Unix', () => {
    scenario("3b. crates/plat/src/lib.rs ([target.'cfg(unix)'.dependencies] of app)", () => addFunction('crates/plat/src/lib.rs', '/// Nothing.\npub fn nothing() {}'), {
      affected: ['app', 'plat'],
      rerun: taskIds(['app', 'plat'], TARGETS),
    });
  });

  it('4. a dev-dependency’s source: the dev-dependent’s test re-runs, its build is cached', () => {
    affectedScenario('4. crates/testkit/src/lib.rs (dev-dependency of parser; nx affected -t build test)', () => addFunction('crates/testkit/src/lib.rs', '/// Nothing.\npub fn nothing() {}'), {
      // parser's and app's builds are cached. app's test re-runs, though `cargo test -p app` never
      // compiles parser's dev-dependencies: test hashes every crate it reaches through any edge
      // (`^cargo-compiled`). A needless re-run, never a stale hit; the README says so.
      affected: ['app', 'parser', 'testkit'],
      selected: [...taskIds(['testkit'], TARGETS), 'app:test', 'parser:test'],
      rerun: [...taskIds(['testkit'], TARGETS), 'app:test', 'parser:test'],
    });
  });

  it('5a. a crate’s README it does not include: listed as affected, its build is cached', () => {
    affectedScenario('5a. crates/mid/README.md (not included; nx affected -t build test)', () => ws.append('crates/mid/README.md', '\nA line more.\n'), {
      // test still sees the crate's Markdown; build does not, and no dependent's task does.
      affected: ['app', 'mid'],
      selected: ['mid:test'],
      rerun: ['mid:test'],
    });
  });

  it('5b. the README a crate includes as its documentation: its build and test re-run', () => {
    scenario('5b. crates/lonely/README.md (#![doc = include_str!("../README.md")])', () => ws.append('crates/lonely/README.md', '\nA line more.\n'), {
      affected: ['lonely'],
      rerun: taskIds(['lonely'], TARGETS),
    });
  });

  it('5c. the README of a crate with a build script: its build and test re-run, and its dependents’ builds', () => {
    // cargo re-runs a build script without rerun-if-changed when any file of its package changes.
    scenario('5c. crates/stamped/README.md (stamped has a build script)', () => ws.append('crates/stamped/README.md', '\nA line more.\n'), {
      affected: ['app', 'stamped'],
      rerun: taskIds(['app', 'stamped'], TARGETS),
    });
  });

  it('6. Cargo.lock alone, one registry package: every crate affected, only the crates that use it re-run', () => {
    affectedScenario('6. Cargo.lock: cfg-if 1.0.0 → 0.1.10 (nx affected -t build test)', () => downgradeCfgIf(), {
      // Every crate's cargo-lock gate sees the whole Cargo.lock, and every build and test task reads
      // its gate: all are selected. Only ext's and app's slices of the lock hold cfg-if.
      committed: ['Cargo.lock'],
      affected: CRATES,
      selected: ALL,
      rerun: taskIds(['app', 'ext'], TARGETS),
    });
  });

  it('7a. [profile.dev] of the workspace manifest: every crate affected and re-run', () => {
    scenario('7a. Cargo.toml [profile.dev]', () => ws.replace('Cargo.toml', 'debug = 0\n', 'debug = 0\noverflow-checks = false\n'), {
      affected: CRATES,
      rerun: ALL,
    });
  });

  it('7b. [workspace.dependencies] of the workspace manifest: every crate affected and re-run', () => {
    scenario('7b. Cargo.toml [workspace.dependencies]', () => ws.replace('Cargo.toml', 'cfg-if = ">=0.1.10, <2"', 'cfg-if = { version = ">=0.1.10, <2", default-features = false }'), {
      affected: CRATES,
      rerun: ALL,
    });
  });

  it('8. a new .cargo/config.toml: every crate affected and re-run', () => {
    scenario('8. .cargo/config.toml ([env])', () => ws.write('.cargo/config.toml', '[env]\nAFFECTED_E2E_NOTE = "set by .cargo/config.toml"\n'), {
      affected: CRATES,
      rerun: ALL,
    });
  });

  it('9. a new rust-toolchain.toml naming the installed toolchain: every crate affected and re-run', () => {
    // Named as rustup names the toolchain in use, so that rustup has nothing to download.
    const active = run('rustup', ['show', 'active-toolchain'], tmpdir()).stdout.trim().split(/\s+/)[0];
    expect(active).toMatch(/\S/);
    scenario(`9. rust-toolchain.toml (channel = "${active}")`, () => ws.write('rust-toolchain.toml', `[toolchain]\nchannel = "${active}"\n`), {
      affected: CRATES,
      rerun: ALL,
    });
  });

  it('10. RUSTFLAGS in the environment: every task re-runs; back to none, every task is cached', () => {
    baseline();
    const affected = affectedSince('HEAD');
    const withFlags = runMany({ RUSTFLAGS: '-C debuginfo=1' });
    const without = runMany();
    verdict(
      '10. RUSTFLAGS="-C debuginfo=1", then unset (nothing committed)',
      { affected: [], rerun: ALL, rerunWhenUnsetAgain: [] },
      { affected, rerun: withFlags, rerunWhenUnsetAgain: without },
    );
  });

  it('11. --configuration=release: every task re-runs for it; the default and release results stay cached', () => {
    baseline();
    const affected = affectedSince('HEAD');
    const release = runMany({}, 'release');
    const dev = runMany();
    const releaseAgain = runMany({}, 'release');
    verdict(
      '11. nx run-many -t build test --configuration=release, then without, then with again (nothing committed)',
      { affected: [], rerun: withConfiguration(ALL, 'release'), rerunWithoutConfiguration: [], rerunReleaseAgain: [] },
      { affected, rerun: release, rerunWithoutConfiguration: dev, rerunReleaseAgain: releaseAgain },
    );
  });

  it('12. the README at the workspace root: only the packaged crates affected, no build or test re-run', () => {
    // `package` archives the workspace root's README* for a crate without one of its own, so the
    // root's README* are inputs of every package target (app, the binary here): wider than
    // needed for app, which has its own README, never stale.
    scenario('12. README.md at the workspace root', () => ws.append('README.md', '\nMore words no crate reads.\n'), {
      affected: ['app'],
      rerun: [],
    });
  });

  /**
   * A Cargo.lock-only commit made by cargo: cfg-if pinned to 0.1.10 for one `cargo update`, then
   * the manifest restored (0.1.10 satisfies ">=0.1.10, <2", so cargo keeps it). With Debian's
   * packaged crates as the registry, `cargo update -p cfg-if --precise 0.1.10` changes nothing.
   */
  function downgradeCfgIf(): void {
    const manifest = ws.read('Cargo.toml');
    ws.replace('Cargo.toml', 'cfg-if = ">=0.1.10, <2"', 'cfg-if = "=0.1.10"');
    ws.cargo(['update', '-p', 'cfg-if'], { env: env() });
    ws.write('Cargo.toml', manifest);
    expect(ws.read('Cargo.lock')).toMatch(/name = "cfg-if"\nversion = "0\.1\.10"/);
    // The restored manifest accepts the new lock as it is.
    ws.cargo(['metadata', '--locked', '--format-version', '1'], { env: env() });
  }
});
