import type { CrateInfo } from './crate';
import type { GroupFacts, Verdict } from './verdict-types';

/** A crate that did not compile (or whose build script failed), seen from a crate depending on it. */
interface Blocker {
  project: string;
  manifest: string;
}

/** The crates this one depends on that did not compile, each with its manifest. */
export function brokenBy(crate: CrateInfo, { attribution, ctx }: GroupFacts): Blocker[] {
  const deps = ctx.dependenciesOf(crate);
  return [...attribution.erroredManifests]
    .map((manifest) => ({ manifest, project: ctx.projectOfManifest(manifest) }))
    .filter((b): b is Blocker => !!b.project && deps.has(b.project));
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
export function blockedVerdict(crate: CrateInfo, blockers: Blocker[], action: 'run' | 'tested', facts: GroupFacts): Verdict {
  const taskOf = blockerTask(crate, facts);
  const pointers = blockers.flatMap((b) => pointerTo(b, taskOf(b), facts));
  const outside = blockers.filter((b) => !taskOf(b));
  if (!outside.length) {
    return { success: false, notRun: true, reason: `not ${action}: ${blockers.map((b) => b.project).join(', ')} failed to compile`, detail: pointers };
  }
  const detail = outside.flatMap((b) => [...(outside.length > 1 ? [`${b.project}:`] : []), ...facts.attribution.linesOfOther(b.manifest)]);
  detail.push(...pointers);
  const verb = action === 'run' ? 'built' : 'tested';
  const which = outside.map((b) => b.project).join(', ');
  return { success: false, reason: `could not be ${verb}: ${which}, which it depends on, does not compile:`, detail };
}

/** The task of the run that shows a blocker's errors, if any: in this group, or one with `crate`'s target. */
function blockerTask(crate: CrateInfo, { group, crates, ctx }: GroupFacts): (b: Blocker) => string | undefined {
  const target = group.taskIds[crates.indexOf(crate)].split(':')[1];
  return (b) => group.taskIds.find((_, i) => crates[i].manifestPath === b.manifest) ?? ctx.taskOfRun(b.project, target);
}

/** Where a blocker's errors are, and its first error, when a task of the run shows them. */
function pointerTo(b: Blocker, task: string | undefined, { attribution }: GroupFacts): string[] {
  if (!task) return [];
  return [`  ${b.project}'s errors are in ${task}'s output; the first:`, ...(attribution.firstErrorOf(b.manifest) ?? []).map((l) => `    ${l}`)];
}
