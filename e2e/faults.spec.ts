/**
 * Faults during batched runs of @ms/rust:cargo: a run interrupted while cargo compiles, a cargo
 * killed outright, a crate that does not compile and one whose build script panics, with crates
 * depending on them. After each, the next run must build correctly.
 *
 * Fixture `faults`: slow (library whose build script sleeps SLOW_BUILD_SECS seconds), app (binary
 * using slow), quick (unrelated library). A `cargo` shim first on PATH logs every cargo command
 * line, then runs the real cargo.
 *
 * Also: nx's whole process group killed with SIGKILL while cargo builds (a CI timeout, a terminal
 * closed with SIGKILL), and a build script that starts a process meant to outlive cargo (as a
 * compiler cache's server started on demand), which a batch must leave running as a lone cargo
 * does.
 */
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, readlinkSync, realpathSync, rmSync } from 'node:fs';
import { oracle, oracleTable } from './utils/oracle';
import { cargoShim, cleanEnv, createWorkspace, type CommandResult, run, stripAnsi, taskIds, taskOutcomes, tasksWith, type TestWorkspace } from './utils/workspace';

const PROJECTS = ['app', 'quick', 'slow'];

/** A `faults` workspace whose cargo calls are logged to `.cargo-log`. */
function faultsWorkspace(): { ws: TestWorkspace; env: Record<string, string>; cargoCalls: () => string[] } {
  const ws = createWorkspace('faults');
  const shim = cargoShim(ws);
  return { ws, env: shim.env, cargoCalls: shim.calls };
}

/** Processes whose working folder or command line lies in `root`, as `pid command`. */
function processesIn(root: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue;
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      let cwd = '';
      try {
        cwd = readlinkSync(`/proc/${pid}/cwd`);
      } catch {
        // gone, or a zombie: its command line still counts
      }
      if (cwd === root || cwd.startsWith(`${root}/`) || argv.some((a) => a.includes(root))) found.push(`${pid} ${argv.join(' ')}`);
    } catch {
      // the process ended while being read
    }
  }
  return found;
}

/** The parent of a process, from /proc/<pid>/stat (its command may hold spaces and parentheses). */
function parentOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

/** Whether a process runs (a zombie, ended but not yet reaped, does not). */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Kills, by pid, the processes `processesIn` listed: what a test left behind must not outlive it. */
function killAll(processes: string[]): void {
  for (const p of processes) {
    try {
      process.kill(Number(p.split(' ')[0]), 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` every 100 ms until it returns something truthy or `ms` pass; returns its last answer. */
async function poll<T>(ms: number, probe: () => T): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const answer = probe();
    if (answer || Date.now() >= end) return answer;
    await sleep(100);
  }
}

/** The task ids nx lists under `heading` in its end-of-run summary. */
function summaryList(output: string, heading: string): string[] {
  const lines = output.split('\n');
  const start = lines.findIndex((l) => l.includes(heading));
  if (start < 0) return [];
  const ids: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const m = /^\s*-\s+(\S+)\s*$/.exec(line);
    if (m) ids.push(m[1]);
    else if (line.trim() !== '') break;
  }
  return ids.sort();
}
const NOT_RUN = 'Tasks not run because their dependencies failed';
const FAILED = 'Failed tasks:';
const STOPPED = 'Tasks stopped before they finished:';

interface Interrupted {
  status: number | null;
  signal: NodeJS.Signals | null;
  output: string;
  /** Milliseconds from the signal to nx's exit. */
  exitAfter: number;
}

/**
 * Starts `nx run-many -t <targets>` in its own process group, waits until cargo runs slow's build
 * script (which sleeps a minute), sends SIGINT to the whole group (a terminal's Ctrl-C) or to the
 * nx process alone, or SIGKILL to the cargo running that build script (the OOM killer, a timeout
 * that hits cargo only), or SIGKILL to nx's whole group (a CI timeout, a terminal closed with
 * SIGKILL), and waits for nx to exit. `whileExiting` runs right after the signal.
 */
async function interruptRun(
  ws: TestWorkspace,
  env: Record<string, string>,
  targets: string[],
  to: 'group' | 'nx' | 'cargo' | 'killed group',
  whileExiting: () => Promise<void> = async () => undefined,
): Promise<Interrupted> {
  const nx = realpathSync(ws.path('node_modules/.bin/nx'));
  const child = spawn(process.execPath, [nx, 'run-many', '-t', ...targets, '--output-style=static'], {
    cwd: ws.root,
    env: cleanEnv({ ...env, SLOW_BUILD_SECS: '60' }),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<{ status: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (status, signal) => resolve({ status, signal })),
  );
  try {
    const buildScript = await poll(90_000, () => processesIn(ws.root).find((p) => /\/target\/debug\/build\/slow-[^/]+\/build-script-build/.test(p)));
    if (!buildScript) throw new Error(`cargo never ran slow's build script:\n${stripAnsi(output)}`);
    const sentAt = Date.now();
    if (to === 'cargo') process.kill(parentOf(Number(buildScript.split(' ')[0])), 'SIGKILL');
    else if (to === 'killed group') process.kill(-child.pid!, 'SIGKILL');
    else process.kill(to === 'group' ? -child.pid! : child.pid!, 'SIGINT');
    await whileExiting();
    let timer: NodeJS.Timeout | undefined;
    const { status, signal } = await Promise.race([
      exited,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`nx did not exit within a minute of the signal:\n${stripAnsi(output)}`)), 60_000);
      }),
    ]).finally(() => clearTimeout(timer));
    return { status, signal, output: stripAnsi(output), exitAfter: Date.now() - sentAt };
  } finally {
    // Whatever happened above, leave nothing of this run behind.
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}

describe('interrupting a batch run', () => {
  const targets = ['build', 'test', 'lint'];
  const all = taskIds(PROJECTS, targets);

  it.each([
    ['SIGINT to the process group (Ctrl-C in a terminal)', 'group'],
    ['SIGINT to the nx process alone', 'nx'],
  ] as const)('%s stops cargo at once, starts no other cargo, caches nothing unfinished, and the next run builds', async (_name, to) => {
    const { ws, env, cargoCalls } = faultsWorkspace();
    const interrupted = await interruptRun(ws, env, targets, to);
    const callsAtExit = cargoCalls();

    // nx went down with the signal; nothing of the run is left: no cargo, rustc or build script.
    expect(interrupted.status === 0 && interrupted.signal === null).toBe(false);
    const left = await poll(3000, () => (processesIn(ws.root).length === 0 ? [] : undefined));
    expect(left ?? processesIn(ws.root)).toEqual([]);
    // Only the build group's cargo ran: the test and lint groups were not started after the signal.
    expect(callsAtExit).toHaveLength(1);
    expect(callsAtExit[0]).toMatch(/^build -p app@0\.1\.0 -p quick@0\.1\.0 -p slow@0\.1\.0 /);
    // Stopping took no grace period of waiting for work started after the signal.
    expect(interrupted.exitAfter).toBeLessThan(4000);

    // The next run runs every task that had not finished (quick's build may have), and builds.
    const next = ws.nx(['run-many', '-t', ...targets, '--output-style=static'], { env });
    const outcomes = taskOutcomes(next);
    expect([...outcomes.keys()].sort()).toEqual(all);
    expect(tasksWith(outcomes, 'run')).toEqual(expect.arrayContaining(all.filter((t) => t !== 'quick:build')));
    expect(run(ws.path('dist/target/dev/app/app'), [], ws.root).stdout.trim()).toBe('answer: 42');
  });
});

describe('cargo killed with SIGKILL during a batch', () => {
  it('leaves no rustc or build script behind, fails its tasks, starts no other cargo, caches nothing, and the next run builds', async () => {
    const targets = ['build', 'test'];
    const all = taskIds(PROJECTS, targets);
    const { ws, env, cargoCalls } = faultsWorkspace();
    const compilers = () => processesIn(ws.root).filter((p) => /\/rustc |\/build-script-build\b/.test(p));
    let leftBehind: string[] = [];
    const killed = await interruptRun(ws, env, targets, 'cargo', async () => {
      // What cargo had started goes with it, long before slow's build script would have finished.
      leftBehind = (await poll(5000, () => (compilers().length === 0 ? [] : undefined))) ?? compilers();
    });
    expect(leftBehind).toEqual([]);
    expect(killed.status === 0 && killed.signal === null).toBe(false);
    const left = await poll(3000, () => (processesIn(ws.root).length === 0 ? [] : undefined));
    expect(left ?? processesIn(ws.root)).toEqual([]);
    // The killed cargo ran the build group; no cargo started after it.
    expect(cargoCalls()).toHaveLength(1);
    // Its tasks were stopped, the ones after it not run; none succeeded.
    expect(summaryList(killed.output, STOPPED)).toEqual(taskIds(PROJECTS, ['build']));
    expect(summaryList(killed.output, NOT_RUN)).toEqual(taskIds(PROJECTS, ['test']));

    // Nothing of the killed run was cached: every task runs, and the binary works.
    const next = ws.nx(['run-many', '-t', ...targets, '--output-style=static'], { env });
    const outcomes = taskOutcomes(next);
    expect([...outcomes.keys()].sort()).toEqual(all);
    expect(tasksWith(outcomes, 'run')).toEqual(all);
    expect(run(ws.path('dist/target/dev/app/app'), [], ws.root).stdout.trim()).toBe('answer: 42');
  });
});

describe("nx's process group killed with SIGKILL during a batch", () => {
  it('leaves no cargo, rustc or build script behind, and the next run builds', async () => {
    const targets = ['build'];
    const { ws, env } = faultsWorkspace();
    try {
      const killed = await interruptRun(ws, env, targets, 'killed group');
      expect(killed.signal).toBe('SIGKILL');
      // Nothing of the run survives it: no cargo goes on building and holding the target folder's lock.
      const left = await poll(5000, () => (processesIn(ws.root).length === 0 ? [] : undefined));
      expect(left ?? processesIn(ws.root)).toEqual([]);

      const next = ws.nx(['run-many', '-t', ...targets, '--output-style=static'], { env });
      expect(tasksWith(taskOutcomes(next), 'run')).toEqual(taskIds(PROJECTS, targets));
      expect(run(ws.path('dist/target/dev/app/app'), [], ws.root).stdout.trim()).toBe('answer: 42');
    } finally {
      killAll(processesIn(ws.root));
    }
  });
});

/** slow's build script, starting a `sleep` that outlives it and cargo, and writing its pid to SLEEPER_PID. */
const SLEEPER_PID = 'target/sleeper.pid';
const startsSleeper = (version: number) => `//! Starts a process meant to outlive cargo, as a compiler cache's server started on demand (${version}).
use std::process::{Command, Stdio};

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let sleeper = Command::new("sleep")
        .arg("37")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("sleep starts");
    std::fs::write("../${SLEEPER_PID}", sleeper.id().to_string()).expect("pid written");
}
`;

describe('a process a build script starts to outlive cargo', () => {
  let ws: TestWorkspace;
  let env: Record<string, string>;
  let version = 0;
  const sleepers: number[] = [];

  /**
   * Whether the sleeper slow's build script starts is still running after `act` (which must run
   * that build script: build.rs is new each time, so cargo runs it again).
   */
  function sleeperAfter(act: () => void): string {
    rmSync(ws.path(SLEEPER_PID), { force: true });
    ws.write('slow/build.rs', startsSleeper(++version));
    act();
    const pid = Number(readFileSync(ws.path(SLEEPER_PID), 'utf8'));
    sleepers.push(pid);
    const state = running(pid) ? 'still running' : 'killed';
    process.kill(pid, 'SIGKILL');
    return state;
  }

  function compare(name: string, nx: () => void, cargo: () => void): void {
    const c = oracle({ name, nx: sleeperAfter(nx), cargo: sleeperAfter(cargo), via: 'run' });
    expect(c.nx).toBe(c.cargo);
    expect(c.nx).toBe('still running');
  }

  beforeAll(() => {
    ({ ws, env } = faultsWorkspace());
  });
  afterAll(() => {
    for (const pid of sleepers) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    console.log(`[oracle] a process a build script starts to outlive cargo\n${oracleTable()}`);
  });

  it('is left running after a successful batch, as after a lone cargo', () => {
    compare(
      'sleeper started by slow/build.rs, successful batch build',
      () => expect(ws.nx(['run-many', '-t', 'build', '--output-style=static'], { env }).status).toBe(0),
      () => ws.cargo(['build', '-p', 'slow']),
    );
  });

  it('is left running after a batch that fails to compile a dependent, as after a lone cargo', () => {
    ws.replace('app/src/main.rs', 'slow::answer()', 'slow::answer() + "x"');
    try {
      compare(
        'sleeper started by slow/build.rs, batch build where app does not compile',
        () => expect(ws.nx(['run-many', '-t', 'build', '--output-style=static'], { env, allowFailure: true }).status).not.toBe(0),
        () => expect(ws.cargo(['build', '-p', 'app'], { allowFailure: true }).status).not.toBe(0),
      );
    } finally {
      ws.git(['checkout', '--', 'app/src/main.rs']);
    }
  });

  it('is left running after a single task run outside a batch, as after a lone cargo', () => {
    compare(
      'sleeper started by slow/build.rs, nx build slow',
      () => expect(ws.nx(['build', 'slow', '--output-style=static'], { env }).status).toBe(0),
      () => ws.cargo(['build', '-p', 'slow']),
    );
  });
});

/** The run after slow was fixed: slow and app run again, the unrelated quick is replayed, and app works. */
function expectRebuiltAfterFix(ws: TestWorkspace, fixed: CommandResult, targets: string[]): void {
  expect(fixed.status).toBe(0);
  const outcomes = taskOutcomes(fixed);
  expect(tasksWith(outcomes, 'run')).toEqual(taskIds(['app', 'slow'], targets));
  expect(tasksWith(outcomes, 'cache')).toEqual(taskIds(['quick'], targets));
  expect(run(ws.path('dist/target/dev/app/app'), [], ws.root).stdout.trim()).toBe('answer: 42');
}

describe('a crate that does not compile', () => {
  let ws: TestWorkspace;
  let env: Record<string, string>;
  let cargoCalls: () => string[];
  const targets = ['build', 'test'];
  const runMany = (extra: Record<string, string> = {}) =>
    ws.nx(['run-many', '-t', ...targets, '--output-style=static'], { env: { ...env, ...extra }, allowFailure: true });

  beforeAll(() => {
    ({ ws, env, cargoCalls } = faultsWorkspace());
    ws.replace('slow/src/lib.rs', /\b42\b/, '"42"');
  });

  it('fails its own tasks, reports its dependents as not run (not failed), and caches neither', () => {
    const first = runMany();
    expect(first.status).not.toBe(0);
    expect(first.output).toMatch(/> nx run slow:build[\s\S]*?mismatched types[\s\S]*?slow\/src\/lib\.rs/);
    expect(summaryList(first.output, FAILED)).toEqual(['slow:build', 'slow:test']);
    expect(summaryList(first.output, NOT_RUN)).toEqual(['app:build', 'app:test']);
    expect(first.output).toContain('app:build: not run: slow failed to compile');
    expect(first.output).toContain('app:test: not tested: slow failed to compile');
    // The unrelated crate is unaffected.
    expect(tasksWith(taskOutcomes(first), 'run')).toEqual(expect.arrayContaining(['quick:build', 'quick:test']));

    // Nothing of slow or app was cached: slow's tasks run again, app's are again not run.
    const again = runMany();
    const outcomes = taskOutcomes(again);
    expect(tasksWith(outcomes, 'run')).toEqual(['slow:build', 'slow:test']);
    expect(tasksWith(outcomes, 'cache')).toEqual(['quick:build', 'quick:test']);
    expect(summaryList(again.output, NOT_RUN)).toEqual(['app:build', 'app:test']);
  });

  it('does not cache the dependents as failures even where failures are cached (NX_CACHE_FAILURES)', () => {
    const cachingFailures = { NX_CACHE_FAILURES: 'true' };
    const first = runMany(cachingFailures);
    expect(summaryList(first.output, NOT_RUN)).toEqual(['app:build', 'app:test']);
    const before = cargoCalls().length;
    const again = runMany(cachingFailures);
    expect(again.status).not.toBe(0);
    // nx replays slow's cached failures as failures; app's tasks were not replayed but ran again
    // (cargo was asked for app), and again did not run for want of slow.
    expect(summaryList(again.output, FAILED)).toEqual(['slow:build', 'slow:test']);
    expect(summaryList(again.output, NOT_RUN)).toEqual(['app:build', 'app:test']);
    const calls = cargoCalls().slice(before);
    expect(calls.filter((c) => /^build -p app@0\.1\.0 /.test(c))).toHaveLength(1);
    expect(calls.filter((c) => /^build --tests -p app@0\.1\.0 /.test(c))).toHaveLength(1);
  });

  it('builds and tests everything once the error is fixed', () => {
    ws.git(['checkout', '--', 'slow/src/lib.rs']);
    const fixed = runMany();
    expectRebuiltAfterFix(ws, fixed, targets);
    expect(fixed.output).toMatch(/> nx run slow:test[\s\S]*?test result: ok/);
  });
});

/** What nx printed for one task of a static run: from its `> nx run <task>` line to the next task's. */
function taskSection(output: string, taskId: string): string {
  const lines = output.split('\n');
  const header = (l: string) => /^\s*> nx run (\S+)/.exec(l)?.[1];
  const start = lines.findIndex((l) => header(l) === taskId);
  if (start < 0) throw new Error(`nx printed nothing for ${taskId}:\n${output}`);
  const end = lines.findIndex((l, i) => i > start && (header(l) !== undefined || /^\s*NX\s/.test(l)));
  return lines.slice(start, end < 0 ? undefined : end).join('\n');
}

describe('a build script that panics', () => {
  let ws: TestWorkspace;
  let env: Record<string, string>;
  const targets = ['build', 'test', 'lint', 'check'];
  const all = taskIds(PROJECTS, targets);
  const runMany = () => ws.nx(['run-many', '-t', ...targets, '--output-style=static'], { env, allowFailure: true });
  /** The cargo each target runs, for one crate alone. */
  const lone: Record<string, (crate: string) => string[]> = {
    build: (c) => ['build', '-p', c],
    test: (c) => ['test', '-p', c],
    lint: (c) => ['clippy', '-p', c, '--all-targets', '--', '-D', 'warnings'],
    check: (c) => ['check', '-p', c, '--all-targets'],
  };

  /** Each task's result in nx's run beside the exit status of its cargo run alone (the oracle). */
  function compareWithLoneCargo(result: CommandResult, change: string): void {
    const failed = new Set(summaryList(result.output, FAILED));
    const notRun = new Set(summaryList(result.output, NOT_RUN));
    const outcomes = taskOutcomes(result);
    for (const task of all) {
      const [crate, target] = task.split(':');
      const alone = ws.cargo(lone[target](crate), { allowFailure: true });
      const via = notRun.has(task) ? 'not run' : outcomes.get(task);
      const c = oracle({
        name: `${change}: ${task}`,
        nx: failed.has(task) || notRun.has(task) ? 'failed' : 'passed',
        cargo: alone.status === 0 ? 'passed' : 'failed',
        via,
      });
      expect(c.nx).toBe(c.cargo);
    }
  }

  beforeAll(() => {
    ({ ws, env } = faultsWorkspace());
    ws.replace('slow/build.rs', /^}\s*$/m, '    panic!("slow cannot be configured here");\n}\n');
  });
  afterAll(() => console.log(`[oracle] a build script that panics\n${oracleTable()}`));

  it('fails its crate with the panic in its output, reports its dependents not run, and the unrelated crate succeeds', () => {
    const first = runMany();
    expect(first.status).not.toBe(0);
    expect(summaryList(first.output, FAILED)).toEqual(taskIds(['slow'], targets));
    expect(summaryList(first.output, NOT_RUN)).toEqual(taskIds(['app'], targets));
    for (const target of targets) {
      // cargo's report of the build script, with what the script printed to stderr.
      expect(taskSection(first.output, `slow:${target}`)).toMatch(
        /failed to run custom build command for `slow v0\.1\.0[\s\S]*--- stderr[\s\S]*slow cannot be configured here/,
      );
      expect(taskSection(first.output, `quick:${target}`)).not.toMatch(/slow cannot be configured here/);
    }
    expect(first.output).toContain('app:build: not run: slow failed to compile');
    expect(first.output).toContain('app:test: not tested: slow failed to compile');
    compareWithLoneCargo(first, 'slow/build.rs panics');

    // Only the unrelated crate's results were cached.
    const again = runMany();
    const outcomes = taskOutcomes(again);
    expect(tasksWith(outcomes, 'cache')).toEqual(taskIds(['quick'], targets));
    expect(tasksWith(outcomes, 'run')).toEqual(taskIds(['slow'], targets));
    expect(summaryList(again.output, NOT_RUN)).toEqual(taskIds(['app'], targets));
  });

  it('builds the crate and its dependents once the build script is fixed, and replays the unrelated crate', () => {
    ws.git(['checkout', '--', 'slow/build.rs']);
    const fixed = runMany();
    expectRebuiltAfterFix(ws, fixed, targets);
    compareWithLoneCargo(fixed, 'slow/build.rs fixed');
  });
});
