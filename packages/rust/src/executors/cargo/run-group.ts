import { callCargo, groupCalls, type GroupCalls } from './cargo-call';
import type { CrateInfo } from './crate';
import type { GroupContext } from './group-context';
import { taskUnits, type TaskGroup } from './grouping';
import { groupOutcome, type GroupOutcome, type GroupRun } from './task-results';
import type { GroupFacts, Verdict } from './verdict-types';
import { askedUnits, testCalls } from './test-calls';
import { compileVerdict, testVerdicts, unitVerdict, verdictOf } from './verdicts';

export type { GroupContext } from './group-context';
export type { GroupOutcome } from './task-results';

/**
 * Runs one group of tasks as one cargo invocation (tests: a keep-going compile of every test
 * target first, then one `cargo test` over the crates that compiled) and gives each task its own
 * result: its crate's diagnostics, test output or formatting diff, and success by what cargo said
 * about that crate, so that one failing crate hides no other crate's result.
 */
export async function runGroup(group: TaskGroup, ctx: GroupContext): Promise<GroupOutcome> {
  const crates = oneCratePerProject(group.taskIds.map(ctx.crateOf));
  const calls = groupCalls(group, crates);
  const facts: GroupFacts = { group, crates, attribution: calls.attribution, ctx };
  const run = group.options.command === 'test' ? await compileThenTest(calls, facts) : await runOnce(calls, facts);
  const times = calls.clock.spans(group.taskIds, calls.attribution, taskUnits(group));
  return groupOutcome(facts, run, times);
}

/** Every command but test: one cargo call over every crate. */
async function runOnce(calls: GroupCalls, facts: GroupFacts): Promise<GroupRun> {
  const ran = await callCargo(calls, facts.crates);
  const verdicts = new Map(facts.crates.map((crate) => [crate, verdictOf(crate, ran.exitCode, facts)] as const));
  return { argv: ran.argv, verdicts, ...(ran.stoppedBy ? { stoppedBy: ran.stoppedBy } : {}) };
}

/**
 * The tasks of one crate share one CrateInfo (the atomized test tasks of a crate: see
 * test-calls.ts), so that what cargo says of the crate is credited once.
 */
function oneCratePerProject(crates: CrateInfo[]): CrateInfo[] {
  const byProject = new Map<string, CrateInfo>();
  return crates.map((crate) => {
    const first = byProject.get(crate.project) ?? crate;
    byProject.set(crate.project, first);
    return first;
  });
}

/**
 * test: a keep-going compile of every test target, then `cargo test` over the crates that
 * compiled (one call, or as few as the atomized tasks asked for allow: see test-calls.ts), unless
 * a stop came. An atomized task's verdict is its own test binary's.
 */
async function compileThenTest(calls: GroupCalls, facts: GroupFacts): Promise<GroupRun> {
  const compiled = await callCargo(calls, facts.crates, true);
  const verdicts = new Map<CrateInfo, Verdict>();
  const runnable: CrateInfo[] = [];
  for (const crate of new Set(facts.crates)) {
    const verdict = compileVerdict(crate, compiled.exitCode === 0, facts);
    if (verdict) verdicts.set(crate, verdict);
    else runnable.push(crate);
  }
  const units = taskUnits(facts.group);
  const asked = askedUnits(facts.crates, units, (crate) => facts.ctx.testUnitsOf(crate.project));
  let last = compiled;
  let stoppedBy = compiled.stoppedBy;
  for (const call of stoppedBy ? [] : testCalls(runnable, asked)) {
    last = await callCargo(calls, call.crates, false, call.selection);
    for (const [crate, verdict] of testVerdicts(call.crates, last.exitCode, facts.attribution)) {
      if (verdicts.get(crate)?.success !== false) verdicts.set(crate, verdict);
    }
    stoppedBy = last.stoppedBy;
    if (stoppedBy) break;
  }
  const taskVerdicts = new Map<string, Verdict>();
  facts.group.taskIds.forEach((id, i) => {
    const crate = facts.crates[i];
    const unit = units[i];
    if (unit && verdicts.has(crate)) taskVerdicts.set(id, runnable.includes(crate) ? unitVerdict(crate, unit, verdicts.get(crate)!, facts.attribution) : verdicts.get(crate)!);
  });
  return { argv: last.argv, verdicts, taskVerdicts, ...(stoppedBy ? { stoppedBy } : {}) };
}
