import type { TargetConfiguration } from '@nx/devkit';

/**
 * The target `nx release publish` runs on every project of its release groups (Nx 22–24 run
 * exactly this name, with `dryRun`, `registry`, `tag`, `otp`, `access` and `firstRelease` as
 * overrides when given). Inferred for the crates cargo would publish (see `Publishability`).
 */
export const PUBLISH_TARGET = 'nx-release-publish';

/**
 * `cargo publish -p <crate>` through `@ms/rust:publish`, after the publish tasks of the workspace
 * crates its package depends on (normal and build path dependencies: dev-dependencies are
 * stripped from the package, and following them could make a cycle). Never cached: the registry
 * is the state. `parallelism: false`: one publish at a time, so the order holds even among
 * unrelated crates, and two verification builds never wait on each other's target folder.
 * `params: "forward"` hands `--dry-run` (and the other overrides) to the tasks it depends on.
 */
export function publishTarget(after: string[], inNxJson: ReadonlySet<string> = new Set()): TargetConfiguration {
  const target: TargetConfiguration = {
    executor: '@ms/rust:publish',
    options: {},
    cache: false,
    parallelism: false,
    // Never cached: nothing to hash but what Nx hashes for every task.
    inputs: [],
    dependsOn: after.length ? [{ target: PUBLISH_TARGET, projects: after, params: 'forward' }] : [],
  };
  if (!inNxJson.has('metadata')) target.metadata = publishTargetMetadata();
  return target;
}

/** The same for every crate (left out when nx.json's `targetDefaults` filtered to this plugin hold it). */
function publishTargetMetadata(): NonNullable<TargetConfiguration['metadata']> {
  return {
    technologies: ['rust'],
    description: "cargo publish of the crate to the registry cargo's configuration names, after the workspace crates it depends on; skipped when the registry already has that version",
    help: { command: 'cargo publish --help', example: { options: { dryRun: true } } },
  };
}
