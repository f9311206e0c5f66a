import { dirname, relative } from 'node:path';
import type { TestUnit } from '../../cargo/test-units';
import type { OutputAttribution } from './attribution';
import { blockedVerdict, brokenBy } from './blocked';
import type { CrateInfo } from './crate';
import type { GroupContext } from './group-context';
import type { GroupFacts, Verdict } from './verdict-types';

/** A crate's verdict after one cargo call over the whole group (any command but test) ended with `exitCode`. */
export function verdictOf(crate: CrateInfo, exitCode: number, facts: GroupFacts): Verdict {
  if (exitCode === 0) return { success: true };
  if (facts.group.options.command === 'fmt') return fmtVerdict(crate, facts);
  const { attribution } = facts;
  if (attribution.hasErrors(crate) || attribution.testsFailed(crate)) return { success: false };
  const blockers = brokenBy(crate, facts);
  if (blockers.length) return blockedVerdict(crate, blockers, 'run', facts);
  return bystanderVerdict(crate, facts);
}

/** A file rustfmt cannot parse fails its own crate; rustfmt still checks the others. */
function fmtVerdict(crate: CrateInfo, { crates, attribution }: GroupFacts): Verdict {
  const failed = (c: CrateInfo) => attribution.hasDiff(c) || attribution.hasErrors(c);
  if (failed(crate)) return { success: false };
  return crates.some(failed) ? { success: true } : { success: false, reason: 'cargo fmt failed' };
}

/** A crate cargo said nothing against, nor against a crate it depends on, in a call that failed. */
function bystanderVerdict(crate: CrateInfo, { group, crates, attribution, ctx }: GroupFacts): Verdict {
  const { command } = group.options;
  const explained = attribution.erroredManifests.size > 0 || crates.some((c) => attribution.testsFailed(c));
  if (!explained) return { success: false, reason: `cargo ${command} failed` };
  // Another crate failed; this one stands if cargo got through it.
  if (command === 'bench' || attribution.wasBuilt(crate)) return { success: true };
  return outsideFailure(attribution, ctx) ?? { success: false, notRun: true, reason: 'not compiled: cargo stopped before it' };
}

/**
 * A crate that is no Nx project (a path dependency outside the Nx workspace) failed: no task
 * will show its errors, so this one does.
 */
function outsideFailure(attribution: OutputAttribution, ctx: GroupContext): Verdict | undefined {
  const outside = [...attribution.erroredManifests].filter((m) => !ctx.projectOfManifest(m));
  if (!outside.length) return undefined;
  const where = outside.map((m) => relative(ctx.nxRoot, dirname(m)) || '.').join(', ');
  return { success: false, reason: `not compiled: ${where} (no project of this workspace) failed to compile:`, detail: outside.flatMap((m) => attribution.linesOfOther(m)) };
}

/**
 * test, after the keep-going compile of every test target: the verdict of a crate that did not
 * compile, or one it depends on did not; none for a crate to test.
 */
export function compileVerdict(crate: CrateInfo, compiled: boolean, facts: GroupFacts): Verdict | undefined {
  if (facts.attribution.hasErrors(crate)) return { success: false };
  const blockers = compiled ? [] : brokenBy(crate, facts);
  return blockers.length ? blockedVerdict(crate, blockers, 'tested', facts) : undefined;
}

/** test: the verdicts of the crates `cargo test` ran over, once it ended with `exitCode`. */
export function testVerdicts(tested: CrateInfo[], exitCode: number, attribution: OutputAttribution): Map<CrateInfo, Verdict> {
  const failed = (c: CrateInfo) => attribution.testsFailed(c) || attribution.hasErrors(c);
  // cargo failed and said of no crate why: every crate fails with cargo's own words.
  const unattributed = exitCode !== 0 && !tested.some(failed);
  const verdict = (c: CrateInfo): Verdict =>
    failed(c) || unattributed ? { success: false, ...(unattributed ? { reason: 'cargo test failed' } : {}) } : { success: true };
  return new Map(tested.map((c) => [c, verdict(c)]));
}

/**
 * test: the verdict of an atomized task, whose crate compiled and ran (`crate`: its crate's
 * verdict): its own test binary's. The crate's errors (an example that does not compile) and a
 * failure cargo credited to no crate fail it as they fail `test`; another binary's failure does
 * not. A binary cargo never ran fails it: no task passes for tests that did not run. The examples
 * are compiled, not run, by a plain `cargo test`.
 */
export function unitVerdict(crate: CrateInfo, unit: TestUnit, crateVerdict: Verdict, attribution: OutputAttribution): Verdict {
  if (crateVerdict.reason || attribution.hasErrors(crate) || attribution.unitFailed(crate, unit)) return crateVerdict.success ? { success: false } : crateVerdict;
  if (unit !== 'examples' && !attribution.unitRan(crate, unit)) return { success: false, reason: `cargo test ran no ${unit} of this crate` };
  return { success: true };
}
