import { crateWorkspaces } from './crate-workspaces';
import { findLocalPackage } from './lockfile';
import type { CargoModel, Crate, Lockfile } from './types';

/**
 * What compiling a crate's library and binaries can read besides its own files: the workspace
 * crates it reaches through normal and build dependencies (transitively, never through a
 * dev-dependency), and the Cargo.lock packages those crates, itself included, use directly for
 * normal and build dependencies. Nx walks each package's own dependencies from there.
 */
export interface BuildClosure {
  /** Folders of the workspace crates reached, sorted; the crate itself is not among them. */
  crates: string[];
  /** Lock keys (`name@version`, see `lockKey`) of registry and git packages, sorted. */
  packages: string[];
}

/** Every crate's build closure, by crate folder. */
export function buildClosures(model: CargoModel): Map<string, BuildClosure> {
  const crateAt = new Map(model.crates.map((c) => [c.root, c]));
  const lockAt = new Map(model.lockfiles.map((l) => [l.path, l]));
  const workspaceOf = crateWorkspaces(model);
  const lockOf = (root: string) => {
    const path = workspaceOf.get(root)?.lockfilePath;
    return path ? lockAt.get(path) : undefined;
  };
  const closures = new Map<string, BuildClosure>();
  // Each crate's own packages, once per lockfile (a crate is reached from many others).
  const own = new Map<Lockfile, Map<string, string[]>>();
  const packagesOf = (root: string, lock: Lockfile) => {
    let byRoot = own.get(lock);
    if (!byRoot) own.set(lock, (byRoot = new Map()));
    let keys = byRoot.get(root);
    if (!keys) byRoot.set(root, (keys = compiledPackages(crateAt.get(root)!, lock)));
    return keys;
  };
  for (const crate of model.crates) {
    const reached = new Set<string>([crate.root]);
    const queue = [crate];
    while (queue.length) {
      for (const dep of queue.pop()!.dependencies) {
        const next = dep.kind !== 'dev' && dep.path !== undefined ? crateAt.get(dep.path) : undefined;
        if (next && !reached.has(next.root)) {
          reached.add(next.root);
          queue.push(next);
        }
      }
    }
    // One resolve per Cargo workspace: the depending crate's lockfile pins every crate it reaches.
    const lock = lockOf(crate.root);
    const packages = new Set<string>();
    if (lock) for (const root of reached) for (const key of packagesOf(root, lock)) packages.add(key);
    reached.delete(crate.root);
    closures.set(crate.root, { crates: [...reached].sort(), packages: [...packages].sort() });
  }
  return closures;
}

/**
 * The registry and git packages a crate's lock entry lists, less those its manifest names only as
 * dev-dependencies. Cargo.lock does not record dependency kinds, so they are matched to the
 * manifest by package name; a package the manifest does not name (a stale lock) is kept.
 */
function compiledPackages(crate: Crate, lock: Lockfile): string[] {
  const own = findLocalPackage(lock, crate.name, crate.version);
  if (!own) return [];
  const out: string[] = [];
  for (const key of lock.packages.get(own)!.dependencies) {
    const pkg = lock.packages.get(key);
    if (!pkg?.source) continue;
    const declared = crate.dependencies.filter((d) => d.package === pkg.name);
    if (declared.length === 0 || declared.some((d) => d.kind !== 'dev')) out.push(key);
  }
  return out;
}
