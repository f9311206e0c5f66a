import { callCargo, groupCalls, type GroupCalls } from './cargo-call';
import type { CrateInfo } from './crate';
import type { GroupContext } from './group-context';
import type { TaskGroup } from './grouping';
import { groupOutcome, type GroupOutcome, type GroupRun } from './task-results';
import type { GroupFacts, Verdict } from './verdict-types';
import { compileVerdict, testVerdicts, verdictOf } from './verdicts';

export type { GroupContext } from './group-context';
export type { GroupOutcome } from './task-results';

/**
 * Runs one group of tasks as one cargo invocation (tests: a keep-going compile of every test
 * target first, then one `cargo test` over the crates that compiled) and gives each task its own
 * result: its crate's diagnostics, test output or formatting diff, and success by what cargo said
 * about that crate, so that one failing crate hides no other crate's result.
 */
export async function runGroup(group: TaskGroup, ctx: GroupContext): Promise<GroupOutcome> {
  const crates = group.taskIds.map(ctx.crateOf);
  const calls = groupCalls(group, crates);
  const facts: GroupFacts = { group, crates, attribution: calls.attribution, ctx };
  const run = group.options.command === 'test' ? await compileThenTest(calls, facts) : await runOnce(calls, facts);
  const times = calls.clock.spans(group.taskIds, calls.attribution);
  return groupOutcome(facts, run, times);
}

/** Every command but test: one cargo call over every crate. */
async function runOnce(calls: GroupCalls, facts: GroupFacts): Promise<GroupRun> {
  const ran = await callCargo(calls, facts.crates);
  const verdicts = new Map(facts.crates.map((crate) => [crate, verdictOf(crate, ran.exitCode, facts)] as const));
  return { argv: ran.argv, verdicts, ...(ran.stoppedBy ? { stoppedBy: ran.stoppedBy } : {}) };
}

/** test: a keep-going compile of every test target, then `cargo test` over the crates that compiled, unless a stop came. */
async function compileThenTest(calls: GroupCalls, facts: GroupFacts): Promise<GroupRun> {
  const compiled = await callCargo(calls, facts.crates, true);
  const verdicts = new Map<CrateInfo, Verdict>();
  const runnable: CrateInfo[] = [];
  for (const crate of facts.crates) {
    const verdict = compileVerdict(crate, compiled.exitCode === 0, facts);
    if (verdict) verdicts.set(crate, verdict);
    else runnable.push(crate);
  }
  const tested = runnable.length && !compiled.stoppedBy ? await callCargo(calls, runnable) : compiled;
  for (const [crate, verdict] of testVerdicts(runnable, tested.exitCode, facts.attribution)) verdicts.set(crate, verdict);
  const stoppedBy = compiled.stoppedBy ?? tested.stoppedBy;
  return { argv: tested.argv, verdicts, ...(stoppedBy ? { stoppedBy } : {}) };
}
