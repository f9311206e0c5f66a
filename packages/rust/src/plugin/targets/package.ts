import type { Crate, Workspace } from '../../cargo';
import { packagesFolder } from '../../dist-paths';
import { closureInputs, closureSharedInputs, CRATE_READS, CRATE_SOURCES, rootPrefix, type Input } from '../inputs';
import type { TargetSpec } from './spec';

/** Final artifacts a release archive holds: binaries, and C libraries (cdylib, staticlib, dylib). */
const C_LIBRARY = new Set(['cdylib', 'staticlib', 'dylib']);

export function hasBinaries(crate: Crate): boolean {
  return crate.targets.some((t) => t.kind === 'bin' || (t.kind === 'lib' && (t.crateTypes ?? []).some((c) => C_LIBRARY.has(c))));
}

/** A library cargo would package and publish (see `Publishability`), so its .crate is made too. */
export function publishableLibrary(crate: Crate): boolean {
  return crate.publishability.publishable && crate.targets.some((t) => t.kind === 'lib');
}

/**
 * `package` hashes what `build` does, except that all the crate's own files count (its README,
 * LICENSE and CHANGELOG go into the archive, and every file into the .crate), plus
 * SOURCE_DATE_EPOCH (the archive entries' time) and the documents the archive takes from the
 * Cargo workspace root when the crate has none (per Cargo workspace, so in the project).
 */
const packageSharedInputs = (gate: Input[]): Input[] => [CRATE_SOURCES, CRATE_READS, ...closureSharedInputs(gate), { env: 'SOURCE_DATE_EPOCH' }];

function packageCrateInputs(deps: string[], packages: string[], ws: Workspace): Input[] {
  const root = rootPrefix(ws.root);
  return [...closureInputs(deps, packages), `${root}README*`, `${root}LICENSE*`, `${root}CHANGELOG*`];
}

/**
 * Release archives in `packagesFolder(project)`: crates with binaries (or C libraries), and
 * publishable libraries (their .crate). A library that is neither gets no `package` target (its
 * project's `metadata.cargo.notPublished` says why it is not published). Run by `@ms/rust:package`, which builds the crate itself
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
  inputs: { scope: 'crate', named: packageSharedInputs, of: ({ closure, workspace }) => packageCrateInputs(closure.deps, closure.packages, workspace) },
  lockGate: true,
  outputs: (_crate, _ws, project) => [`{workspaceRoot}/${packagesFolder(project)}`],
  profiles: true,
  defaultProfile: 'release',
};
