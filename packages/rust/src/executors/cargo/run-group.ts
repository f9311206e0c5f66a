import { collectArtifacts } from './artifacts';
import { cargoArgs, type MessageFormat } from './args';
import { OutputAttribution } from './attribution';
import { commandLine, runCargo } from './cargo-process';
import { packageSpec, type CrateInfo } from './crate';
import type { TaskGroup } from './grouping';
import type { BatchTaskResult } from './options';

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
  let stoppedBy: string | undefined;
  const cargo = async (packages: CrateInfo[], compileTestsOnly = false) => {
    const argv = cargoArgs(options, {
      packages: packages.map((c) => packageSpec(c, options.command)),
      messageFormat,
      keepGoing: options.command !== 'run',
      color,
      compileTestsOnly,
    });
    const { exitCode, interrupted } = await runCargo(argv, { cwd: group.cwd, env: options.env, output: 'lines', onLine: (l) => attribution.line(l) });
    attribution.close();
    // A failure is the stop's doing when cargo, or a process it ran, was ended by a stop signal.
    if (exitCode !== 0) stoppedBy ??= interrupted ?? attribution.interruptedBy;
    return { argv, exitCode };
  };

  const startTime = Date.now();
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
  const endTime = Date.now();

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

  /**
   * Each crate's own share of the group's time, so that Nx (and the metrics report) time crates,
   * not cargo calls: a test task from its binaries' first header to the next section; a compiling
   * task from when the last crate it depends on in the group was done (or the group's start) to
   * its own last artifact. The group's span when cargo said nothing datable of it, or when the
   * crate's lines came in the same chunk as the ones that bound it.
   */
  function timing(crate: CrateInfo): { startTime: number; endTime: number } {
    const whole = { startTime, endTime };
    // Output is read in chunks: a span that comes out empty was not measured.
    const measured = (span: { startTime: number; endTime: number }) => (span.endTime > span.startTime ? span : whole);
    if (options.command === 'test' || options.command === 'bench') {
      const ran = attribution.ranDuring(crate);
      return ran ? measured({ startTime: ran.first, endTime: ran.last }) : whole;
    }
    const end = attribution.compiledAt(crate);
    if (end === undefined) return whole;
    const deps = ctx.dependenciesOf(crate);
    // Strictly before: artifacts read in the same chunk say nothing of their order.
    const before = crates.filter((c) => deps.has(c.project)).map((c) => attribution.compiledAt(c) ?? startTime).filter((t) => t < end);
    return measured({ startTime: Math.max(startTime, ...before), endTime: end });
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
    results[taskId] = { success, status, terminalOutput: `${lines.join('\n')}\n`, ...timing(crate) };
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
