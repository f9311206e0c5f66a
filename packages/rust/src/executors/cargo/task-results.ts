import { interruptedNote } from '../stop';
import { collectArtifacts } from './artifacts';
import type { OutputAttribution } from './attribution';
import { cargoCommandLine } from './cargo-process';
import { packageSpec, type CrateInfo } from './crate';
import { profileOf, type BatchTaskResult } from './options';
import type { TaskSpan } from './time-shares';
import { unitSelection, type TestUnit } from '../../cargo/test-units';
import type { GroupFacts, Verdict } from './verdict-types';

/** cargo test's target selection flags (see test-calls.ts), and those of them taking a name. */
const TAKES_NAME = new Set(['--bin', '--test', '--bench', '--example']);
const SELECTING = new Set(['--lib', '--doc', '--examples', '--bins', '--tests', '--benches', ...TAKES_NAME]);

export interface GroupOutcome {
  /** Each task's result: `stopped` when cargo was interrupted, `skipped` when it never got to the crate. */
  results: Record<string, BatchTaskResult>;
  /** Why each `skipped` task did not run. */
  notRun: Record<string, string>;
  /** The stop signal that interrupted cargo, if one did: nothing more should run. */
  stoppedBy?: string;
}

/** What a group's cargo calls came to: the last call's arguments, each crate's verdict, and the stop that interrupted them. */
export interface GroupRun {
  argv: string[];
  verdicts: Map<CrateInfo, Verdict>;
  /** The verdicts of atomized test tasks (see `unitVerdict`), by task id: over their crate's. */
  taskVerdicts?: Map<string, Verdict>;
  stoppedBy?: string;
}

/** Each task's result and output, from its crate's verdict and what cargo said of it. */
export function groupOutcome(facts: GroupFacts, run: GroupRun, times: Map<string, TaskSpan>): GroupOutcome {
  const results: Record<string, BatchTaskResult> = {};
  const notRun: Record<string, string> = {};
  const crateCount = new Set(facts.crates).size;
  facts.group.taskIds.forEach((taskId, i) => {
    const task = taskOutcome(taskId, facts.crates[i], run, facts, crateCount);
    results[taskId] = { ...task.result, ...times.get(taskId)! };
    if (task.notRun) notRun[taskId] = task.notRun;
  });
  return { results, notRun, ...(run.stoppedBy ? { stoppedBy: run.stoppedBy } : {}) };
}

/** One task's result, and why it did not run when it is `skipped`. */
function taskOutcome(taskId: string, crate: CrateInfo, run: GroupRun, facts: GroupFacts, crateCount: number): { result: BatchTaskResult; notRun?: string } {
  const { group, attribution } = facts;
  const { command } = group.options;
  const unit = group.testTargets?.[taskId];
  // An interrupted cargo says nothing about the code: every task of the group was stopped.
  const given = run.stoppedBy ? { success: false, reason: `stopped: ${interruptedNote('cargo', run.stoppedBy)}` } : (run.taskVerdicts?.get(taskId) ?? run.verdicts.get(crate)!);
  const own = unit ? attribution.linesOfUnit(crate, unit) : attribution.linesOf(crate);
  const lines = [header(run.argv, crate, command, crateCount, unit), ...own];
  const copied = given.success && command === 'build' ? copyArtifacts(crate, facts) : {};
  if (copied.line) lines.push(copied.line);
  const verdict = copied.failure ?? given;
  if (!verdict.success) lines.push(...failureLines(crate, verdict, attribution));
  const status = verdict.success ? 'success' : run.stoppedBy ? 'stopped' : verdict.notRun ? 'skipped' : 'failure';
  const result: BatchTaskResult = { success: verdict.success, status, terminalOutput: `${lines.join('\n')}\n` };
  return status === 'skipped' && verdict.reason ? { result, notRun: [verdict.reason, ...(verdict.detail ?? [])].join('\n') } : { result };
}

/** build: the crate's artifacts copied to its dist folder, and the line that says so; a copy that fails fails the task. */
function copyArtifacts(crate: CrateInfo, { group, attribution, ctx }: GroupFacts): { line?: string; failure?: Verdict } {
  try {
    const files = attribution.artifactsOf(crate);
    const dest = collectArtifacts(ctx.nxRoot, profileOf(group.options), crate.project, files);
    return files.length ? { line: `Artifacts of ${crate.name} copied to ${dest}` } : {};
  } catch (e) {
    return { failure: { success: false, reason: `could not copy its artifacts: ${(e as Error).message}` } };
  }
}

/** What a failed task's output ends with: why it failed, and what else explains it. */
function failureLines(crate: CrateInfo, verdict: Verdict, attribution: OutputAttribution): string[] {
  const lines = verdict.reason ? [`${crate.name}: ${verdict.reason}`, ...(verdict.detail ?? [])] : [];
  // cargo's own words when nothing names a culprit (a manifest error, a missing toolchain).
  if (verdict.reason?.startsWith('cargo')) lines.push(...attribution.shared.filter((l) => l.trim() !== ''));
  return lines;
}

/**
 * This task's cargo command, as if it had run alone (an atomized test task: with its own target
 * selection, not the call's), and how many crates shared the run.
 */
function header(argv: string[], crate: CrateInfo, command: string, count: number, unit: TestUnit | undefined): string {
  const own: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '-p') {
      if (own.indexOf('-p') === -1) own.push('-p', packageSpec(crate, command), ...(unit ? unitSelection(unit) : []));
      i++;
    } else if (unit && SELECTING.has(argv[i])) {
      if (TAKES_NAME.has(argv[i])) i++;
    } else own.push(argv[i]);
  }
  return `> ${cargoCommandLine(own)}${count > 1 ? `  (one cargo run for ${count} crates)` : ''}`;
}
