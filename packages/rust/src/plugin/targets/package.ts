import type { Crate, Workspace } from '../../cargo';
import { packagesFolder } from '../../dist-paths';
import { closureInputs, CRATE_READS, CRATE_SOURCES, rootPrefix, type Input } from '../inputs';
import { lockGateInputs } from '../lock-gate';
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
 * Inputs of `package` for one crate: `build`'s, except that all the crate's own files count (its
 * README, LICENSE and CHANGELOG go into the archive, and every file into the .crate), plus the
 * documents the archive takes from the Cargo workspace root when the crate has none, and
 * SOURCE_DATE_EPOCH (the archive entries' time).
 */
export function packageTargetInputs(deps: string[], packages: string[], ws: Workspace, gate: Input[] = lockGateInputs(true)): Input[] {
  const root = rootPrefix(ws.root);
  return [
    CRATE_SOURCES,
    CRATE_READS,
    ...closureInputs(deps, packages, gate),
    `${root}README*`,
    `${root}LICENSE*`,
    `${root}CHANGELOG*`,
    { env: 'SOURCE_DATE_EPOCH' },
  ];
}

/**
 * Release archives in `packagesFolder(project)`: crates with binaries (or C libraries), and
 * publishable libraries (their .crate). Run by `@ms/rust:package`, which builds the crate itself
 * (see its executor for why no `dependsOn` on `build` could do it), so the default profile is
 * `release` and the configurations choose another.
 */
export const packageTarget: TargetSpec = {
  kind: 'package',
  subcommand: 'build',
  executor: '@ms/rust:package',
  description: `Release archive of the binaries (and .crate of a publishable library) with checksums and a manifest, in ${packagesFolder('<project>')}`,
  applies: (crate) => hasBinaries(crate) || publishableLibrary(crate),
  options: (crate) => ({ crateFile: publishableLibrary(crate) }),
  args: () => [],
  cache: true,
  inputs: { scope: 'crate', of: ({ closure, workspace }, gate) => packageTargetInputs(closure.deps, closure.packages, workspace, gate) },
  lockGate: true,
  outputs: (_crate, _ws, project) => [`{workspaceRoot}/${packagesFolder(project)}`],
  profiles: true,
  defaultProfile: 'release',
};
