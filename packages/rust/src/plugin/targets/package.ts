import type { Crate } from '../../cargo';
import type { TargetSpec } from './spec';

/** Final artifacts a release archive holds: binaries, and C libraries (cdylib, staticlib, dylib). */
const C_LIBRARY = new Set(['cdylib', 'staticlib', 'dylib']);

export function hasBinaries(crate: Crate): boolean {
  return crate.targets.some((t) => t.kind === 'bin' || (t.kind === 'lib' && (t.crateTypes ?? []).some((c) => C_LIBRARY.has(c))));
}

/** A library a registry could take: `publish` not false (and a version), so cargo's .crate is made too. */
export function publishableLibrary(crate: Crate): boolean {
  return crate.publish && crate.targets.some((t) => t.kind === 'lib');
}

/**
 * Release archives in dist/packages/<project>: crates with binaries (or C libraries), and
 * publishable libraries (their .crate). Run by `@ms/rust:package`, which builds the crate itself
 * (see its executor for why no `dependsOn` on `build` could do it), so the default profile is
 * `release` and the configurations choose another.
 */
export const packageTarget: TargetSpec = {
  kind: 'package',
  subcommand: 'build',
  executor: '@ms/rust:package',
  description: 'Release archive of the binaries (and .crate of a publishable library) with checksums and a manifest, in dist/packages/<project>',
  applies: (crate) => hasBinaries(crate) || publishableLibrary(crate),
  options: (crate) => ({ crateFile: publishableLibrary(crate) }),
  args: () => [],
  cache: true,
  outputs: (_crate, _ws, project) => [`{workspaceRoot}/dist/packages/${project}`],
  profiles: true,
  defaultProfile: 'release',
};
