import { collectArtifacts } from './artifacts';
import { cargoArgs, type MessageFormat } from './args';
import { OutputAttribution } from './attribution';
import { commandLine, runCargo } from './cargo-process';
import { packageSpec, type CrateInfo } from './crate';
import type { TaskGroup } from './grouping';
import type { BatchTaskResult } from './options';
import { GroupClock } from './task-times';

export interface GroupContext {
  crateOf: (taskId: string) => CrateInfo;
  nxRoot: string;
  /** Workspace crates a crate depends on, directly or not (from the project graph). */
  dependenciesOf: (crate: CrateInfo) => Set<string>;
  /** The project a manifest path belongs to, if any. */
  projectOfManifest: (manifestPath: string) => string | undefined;
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
    const { exitCode, interrupted } = await runCargo(argv, { cwd: group.cwd, env: options.env, output: 'lines', onLine: (l) => clock.line(l) || attribution.line(l) });
    attribution.close();
    clock.cargoEnded();
    // A failure is the stop's doing when cargo, or a process it ran, was ended by a stop signal.
    if (exitCode !== 0) stoppedBy ??= interrupted ?? attribution.interruptedBy;
    return { argv, exitCode };
  };

  const verdicts = new Map<CrateInfo, Verdict>();
  const brokenBy = (crate: CrateInfo) => {
    const broken = [...attribution.erroredManifests].map(ctx.projectOfManifest).filter((p): p is string => !!p);
    const deps = ctx.dependenciesOf(crate);
    return broken.filter((p) => deps.has(p));
  };
  let argv: string[];
  if (options.command === 'test') {
    const compiled = await cargo(crates, true);
    const runnable: CrateInfo[] = [];
    for (const crate of crates) {
      const blockers = compiled.exitCode === 0 ? [] : brokenBy(crate);
      if (attribution.hasErrors(crate)) verdicts.set(crate, { success: false });
      else if (blockers.length) verdicts.set(crate, { success: false, notRun: true, reason: `not tested: ${blockers.join(', ')} failed to compile` });
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
      const diffs = crates.some((c) => attribution.hasDiff(c));
      return diffs ? { success: !attribution.hasDiff(crate) } : { success: false, reason: 'cargo fmt failed' };
    }
    if (attribution.hasErrors(crate) || attribution.testsFailed(crate)) return { success: false };
    const blockers = brokenBy(crate);
    if (blockers.length) return { success: false, notRun: true, reason: `not run: ${blockers.join(', ')} failed to compile` };
    const explained = attribution.erroredManifests.size > 0 || crates.some((c) => attribution.testsFailed(c));
    if (!explained) return { success: false, reason: `cargo ${options.command} failed` };
    // Another crate failed; this one stands if cargo got through it.
    if (options.command === 'bench' || attribution.wasBuilt(crate)) return { success: true };
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
    if (!success) {
      if (reason) lines.push(`${crate.name}: ${reason}`);
      // cargo's own words when nothing names a culprit (a manifest error, a missing toolchain).
      if (reason?.startsWith('cargo')) lines.push(...attribution.shared.filter((l) => l.trim() !== ''));
    }
    if (skipped && reason) notRun[taskId] = reason;
    const status = success ? 'success' : stopped ? 'stopped' : skipped ? 'skipped' : 'failure';
    results[taskId] = { success, status, terminalOutput: `${lines.join('\n')}\n`, ...times.get(taskId)! };
  });
  return { results, notRun, ...(stoppedBy ? { stoppedBy } : {}) };
}

/** What a crate's task comes to. `notRun`: cargo never got to it because of another crate. */
interface Verdict {
  success: boolean;
  reason?: string;
  notRun?: boolean;
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

/** FORCE_COLOR as Node and Nx read it: set and not `0`/`false`. */
function forcedColor(value: string | undefined): boolean {
  return value !== undefined && value !== '0' && value !== 'false';
}
