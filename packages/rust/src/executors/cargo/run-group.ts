import { collectArtifacts } from './artifacts';
import { cargoArgs, type MessageFormat } from './args';
import { OutputAttribution } from './attribution';
import { commandLine, runCargo } from './cargo-process';
import { LiveOutput, liveMode } from './live-output';
import { isStatusLine } from './messages';
import { packageSpec, type CrateInfo } from './crate';
import type { TaskGroup } from './grouping';
import type { BatchTaskResult } from './options';
import { GroupClock } from './task-times';
import { dirname, relative } from 'node:path';

export interface GroupContext {
  crateOf: (taskId: string) => CrateInfo;
  nxRoot: string;
  /** Workspace crates a crate depends on, directly or not (from the project graph). */
  dependenciesOf: (crate: CrateInfo) => Set<string>;
  /** The project a manifest path belongs to, if any. */
  projectOfManifest: (manifestPath: string) => string | undefined;
  /**
   * A task of this project in the whole run (this batch or not, replayed from the cache or not),
   * the one with this target if there is one: where Nx shows that project's errors.
   */
  taskOfRun: (project: string, target: string) => string | undefined;
}

/**
 * Runs one group of tasks as one cargo invocation (tests: a keep-going compile of every test
 * target first, then one `cargo test` over the crates that compiled) and gives each task its own
 * result: its crate's diagnostics, test output or formatting diff, and success by what cargo said
 * about that crate, so that one failing crate hides no other crate's result.
 */
export async function runGroup(group: TaskGroup, ctx: GroupContext): Promise<GroupOutcome> {
  const { options } = group;
  const crates = group.taskIds.map(ctx.crateOf);
  const color = process.stdout.isTTY === true || forcedColor(process.env.FORCE_COLOR);
  const messageFormat: MessageFormat = options.command === 'fmt' ? 'human' : color ? 'json-diagnostic-rendered-ansi' : 'json';
  const attribution = new OutputAttribution(crates, options.command, group.cwd);
  const clock = new GroupClock(crates, options.args);
  const live = new LiveOutput(liveMode());
  const verbose = process.env.NX_VERBOSE_LOGGING === 'true';
  let stoppedBy: string | undefined;
  const cargo = async (packages: CrateInfo[], compileTestsOnly = false) => {
    const argv = cargoArgs(options, {
      packages: packages.map((c) => packageSpec(c, options.command)),
      messageFormat,
      keepGoing: options.command !== 'run',
      color,
      compileTestsOnly,
      timings: clock.timings(options.command !== 'fmt' && (compileTestsOnly || options.command !== 'test')),
    });
    const shownFrom = attribution.shared.length;
    if (verbose) process.stdout.write(`> ${commandLine(argv)}  (in ${group.cwd}${envNote(options.env)})\n`);
    const { exitCode, interrupted } = await runCargo(argv, {
      cwd: group.cwd,
      env: { ...live.cargoEnv(), ...options.env },
      output: 'lines',
      onLine: (l) => {
        if (!clock.line(l)) attribution.line(live.line(l));
      },
      onPartial: (p) => live.partial(p),
    });
    live.end();
    if (verbose) process.stdout.write(verboseReport(exitCode, attribution.shared.slice(shownFrom)));
    attribution.close();
    clock.cargoEnded();
    // A failure is the stop's doing when cargo, or a process it ran, was ended by a stop signal.
    if (exitCode !== 0) stoppedBy ??= interrupted ?? attribution.interruptedBy;
    return { argv, exitCode };
  };

  const verdicts = new Map<CrateInfo, Verdict>();
  /** The crates this one depends on that did not compile, each with its manifest. */
  const brokenBy = (crate: CrateInfo): Blocker[] => {
    const deps = ctx.dependenciesOf(crate);
    return [...attribution.erroredManifests]
      .map((manifest) => ({ manifest, project: ctx.projectOfManifest(manifest) }))
      .filter((b): b is Blocker => !!b.project && deps.has(b.project));
  };
  const blocked = (crate: CrateInfo, blockers: Blocker[], action: 'run' | 'tested'): Verdict =>
    blockedVerdict(crate, blockers, action, { group, crates, attribution, ctx });
  let argv: string[];
  if (options.command === 'test') {
    const compiled = await cargo(crates, true);
    const runnable: CrateInfo[] = [];
    for (const crate of crates) {
      const blockers = compiled.exitCode === 0 ? [] : brokenBy(crate);
      if (attribution.hasErrors(crate)) verdicts.set(crate, { success: false });
      else if (blockers.length) verdicts.set(crate, blocked(crate, blockers, 'tested'));
      else runnable.push(crate);
    }
    const tested = runnable.length && !stoppedBy ? await cargo(runnable) : compiled;
    argv = tested.argv;
    const unattributed = tested.exitCode !== 0 && !runnable.some((c) => attribution.testsFailed(c) || attribution.hasErrors(c));
    for (const crate of runnable) {
      const failed = attribution.testsFailed(crate) || attribution.hasErrors(crate) || unattributed;
      verdicts.set(crate, failed ? { success: false, ...(unattributed ? { reason: 'cargo test failed' } : {}) } : { success: true });
    }
  } else {
    const ran = await cargo(crates);
    argv = ran.argv;
    for (const crate of crates) verdicts.set(crate, verdict(crate, ran.exitCode));
  }
  const times = clock.spans(group.taskIds, attribution);

  function verdict(crate: CrateInfo, exitCode: number): Verdict {
    if (exitCode === 0) return { success: true };
    if (options.command === 'fmt') {
      // A file rustfmt cannot parse fails its own crate; rustfmt still checks the others.
      if (attribution.hasDiff(crate) || attribution.hasErrors(crate)) return { success: false };
      const explained = crates.some((c) => attribution.hasDiff(c) || attribution.hasErrors(c));
      return explained ? { success: true } : { success: false, reason: 'cargo fmt failed' };
    }
    if (attribution.hasErrors(crate) || attribution.testsFailed(crate)) return { success: false };
    const blockers = brokenBy(crate);
    if (blockers.length) return blocked(crate, blockers, 'run');
    const explained = attribution.erroredManifests.size > 0 || crates.some((c) => attribution.testsFailed(c));
    if (!explained) return { success: false, reason: `cargo ${options.command} failed` };
    // Another crate failed; this one stands if cargo got through it.
    if (options.command === 'bench' || attribution.wasBuilt(crate)) return { success: true };
    // A crate that is no Nx project (a path dependency outside the Nx workspace) failed: no task
    // will show its errors, so this one does.
    const outside = [...attribution.erroredManifests].filter((m) => !ctx.projectOfManifest(m));
    if (outside.length) {
      const where = outside.map((m) => relative(ctx.nxRoot, dirname(m)) || '.').join(', ');
      return { success: false, reason: `not compiled: ${where} (no project of this workspace) failed to compile:`, detail: outside.flatMap((m) => attribution.linesOfOther(m)) };
    }
    return { success: false, notRun: true, reason: 'not compiled: cargo stopped before it' };
  }

  const results: Record<string, BatchTaskResult> = {};
  const notRun: Record<string, string> = {};
  group.taskIds.forEach((taskId, i) => {
    const crate = crates[i];
    // An interrupted cargo says nothing about the code: every task of the group was stopped.
    const stopped: Verdict | undefined = stoppedBy ? { success: false, reason: `stopped: cargo was interrupted (${stoppedBy})` } : undefined;
    let { success, reason } = stopped ?? verdicts.get(crate)!;
    const skipped = !stopped && !!verdicts.get(crate)!.notRun;
    const lines = [header(argv, crate, options.command, crates.length), ...attribution.linesOf(crate)];
    if (success && options.command === 'build') {
      try {
        const files = attribution.artifactsOf(crate);
        const dest = collectArtifacts(ctx.nxRoot, options.profile ?? 'dev', crate.project, files);
        if (files.length) lines.push(`Artifacts of ${crate.name} copied to ${dest}`);
      } catch (e) {
        success = false;
        reason = `could not copy its artifacts: ${(e as Error).message}`;
      }
    }
    const detail = stopped ? [] : (verdicts.get(crate)!.detail ?? []);
    if (!success) {
      if (reason) lines.push(`${crate.name}: ${reason}`, ...detail);
      // cargo's own words when nothing names a culprit (a manifest error, a missing toolchain).
      if (reason?.startsWith('cargo')) lines.push(...attribution.shared.filter((l) => l.trim() !== ''));
    }
    if (skipped && reason) notRun[taskId] = [reason, ...detail].join('\n');
    const status = success ? 'success' : stopped ? 'stopped' : skipped ? 'skipped' : 'failure';
    results[taskId] = { success, status, terminalOutput: `${lines.join('\n')}\n`, ...times.get(taskId)! };
  });
  return { results, notRun, ...(stoppedBy ? { stoppedBy } : {}) };
}

/** What a crate's task comes to. `notRun`: cargo never got to it because of another crate. */
interface Verdict {
  success: boolean;
  reason?: string;
  /** Lines after the reason: what the crates that stopped it said. */
  detail?: string[];
  notRun?: boolean;
}

/** A crate that did not compile (or whose build script failed), seen from a crate depending on it. */
interface Blocker {
  project: string;
  manifest: string;
}

/**
 * A crate cargo did not get to because crates it depends on failed. When each of them has a task
 * in the run (in this cargo call, or one whose failure Nx replays from its cache), that task shows
 * its errors in full, and this one is `skipped` (Nx's "not run because their dependencies
 * failed"), pointing to that task and repeating its first error's headline and place, so that the
 * note is enough to start from. When one has no task in the run (`nx build app` alone, `nx test
 * app` where test does not depend on ^build, `--exclude-task-dependencies`), nothing else shows
 * its errors: this task fails, with that crate's diagnostics in full, as a lone
 * `cargo build -p app` shows them.
 */
function blockedVerdict(
  crate: CrateInfo,
  blockers: Blocker[],
  action: 'run' | 'tested',
  { group, crates, attribution, ctx }: { group: TaskGroup; crates: CrateInfo[]; attribution: OutputAttribution; ctx: GroupContext },
): Verdict {
  const target = group.taskIds[crates.indexOf(crate)].split(':')[1];
  const taskOf = (b: Blocker) => group.taskIds.find((_, i) => crates[i].manifestPath === b.manifest) ?? ctx.taskOfRun(b.project, target);
  const pointers: string[] = [];
  for (const b of blockers) {
    const task = taskOf(b);
    if (task) pointers.push(`  ${b.project}'s errors are in ${task}'s output; the first:`, ...(attribution.firstErrorOf(b.manifest) ?? []).map((l) => `    ${l}`));
  }
  const outside = blockers.filter((b) => !taskOf(b));
  if (!outside.length) {
    return { success: false, notRun: true, reason: `not ${action}: ${blockers.map((b) => b.project).join(', ')} failed to compile`, detail: pointers };
  }
  const detail = outside.flatMap((b) => [...(outside.length > 1 ? [`${b.project}:`] : []), ...attribution.linesOfOther(b.manifest)]);
  detail.push(...pointers);
  const verb = action === 'run' ? 'built' : 'tested';
  const which = outside.map((b) => b.project).join(', ');
  return { success: false, reason: `could not be ${verb}: ${which}, which it depends on, does not compile:`, detail };
}

export interface GroupOutcome {
  /** Each task's result: `stopped` when cargo was interrupted, `skipped` when it never got to the crate. */
  results: Record<string, BatchTaskResult>;
  /** Why each `skipped` task did not run. */
  notRun: Record<string, string>;
  /** The stop signal that interrupted cargo, if one did: nothing more should run. */
  stoppedBy?: string;
}

/** This task's cargo command, as if it had run alone, and how many crates shared the run. */
function header(argv: string[], crate: CrateInfo, command: string, count: number): string {
  const own: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '-p') {
      if (own.indexOf('-p') === -1) own.push('-p', packageSpec(crate, command));
      i++;
    } else own.push(argv[i]);
  }
  return `> ${commandLine(own)}${count > 1 ? `  (one cargo run for ${count} crates)` : ''}`;
}

/** The environment a task's options set for cargo, as `--verbose` names it. */
function envNote(env: Record<string, string> | undefined): string {
  const names = Object.keys(env ?? {});
  return names.length ? `; env: ${names.join(', ')}` : '';
}

/** `--verbose`: how cargo ended, and what it said that no task was credited with. */
function verboseReport(exitCode: number, shared: string[]): string {
  // Its status lines were shown as they came.
  const lines = shared.filter((l) => l.trim() !== '' && !isStatusLine(l.replace(ANSI, '')));
  const said = lines.length ? `, and said, of no crate in particular:\n${lines.map((l) => `  ${l}`).join('\n')}` : '';
  return `cargo exited with ${exitCode}${said}\n`;
}

const ANSI = /\u001b\[[0-9;]*m/g;

/** FORCE_COLOR as Node and Nx read it: set and not `0`/`false`. */
function forcedColor(value: string | undefined): boolean {
  return value !== undefined && value !== '0' && value !== 'false';
}
