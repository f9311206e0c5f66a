import { asString, asStringArray, isTable, type TomlTable } from './toml';
import type { Lockfile, LockPackage } from './types';

/** A package's key in a lockfile: `name@version`, with the source when two packages share that. */
export function lockKey(pkg: Pick<LockPackage, 'name' | 'version' | 'source'>, ambiguous = false): string {
  return ambiguous && pkg.source ? `${pkg.name}@${pkg.version}+${pkg.source}` : `${pkg.name}@${pkg.version}`;
}

/**
 * Reads Cargo.lock (format v1–v4). Dependency entries are "name", "name version" or
 * "name version (source)"; each is resolved to the key of the package it names.
 */
export function readLockfile(doc: TomlTable, path: string): Lockfile {
  const raw = (Array.isArray(doc.package) ? doc.package : []).filter(isTable);
  const pkgs = raw.map((p) => ({
    name: asString(p.name) ?? '',
    version: asString(p.version) ?? '',
    source: asString(p.source),
    checksum: asString(p.checksum) ?? checksumFromMetadata(doc, p),
    deps: asStringArray(p.dependencies),
  }));
  const count = new Map<string, number>();
  for (const p of pkgs) count.set(lockKey(p), (count.get(lockKey(p)) ?? 0) + 1);
  const keyOf = (p: (typeof pkgs)[number]) => lockKey(p, (count.get(lockKey(p)) ?? 0) > 1);

  const byName = new Map<string, (typeof pkgs)[number][]>();
  for (const p of pkgs) {
    const same = byName.get(p.name);
    if (same) same.push(p);
    else byName.set(p.name, [p]);
  }
  const resolve = (entry: string): string | undefined => {
    const m = /^(\S+)(?: (\S+))?(?: \((.+)\))?$/.exec(entry);
    if (!m) return undefined;
    const [, name, version, source] = m;
    const match = (byName.get(name) ?? []).find(
      (p) => (version === undefined || p.version === version) && (source === undefined || p.source === source),
    );
    return match && keyOf(match);
  };

  const packages = new Map<string, LockPackage>();
  for (const p of pkgs) {
    const pkg: LockPackage = {
      name: p.name,
      version: p.version,
      dependencies: p.deps.map(resolve).filter((k): k is string => k !== undefined),
    };
    if (p.source) pkg.source = p.source;
    if (p.checksum) pkg.checksum = p.checksum;
    packages.set(keyOf(p), pkg);
  }
  return { path, packages };
}

/** Lockfile v1 kept checksums in `[metadata]` as `"checksum name version (source)" = "…"`. */
function checksumFromMetadata(doc: TomlTable, p: TomlTable): string | undefined {
  if (!isTable(doc.metadata)) return undefined;
  return asString(doc.metadata[`checksum ${p.name} ${p.version} (${p.source})`]);
}

/** The lock entry of a workspace crate: same name and version, no source. */
export function findLocalPackage(lock: Lockfile, name: string, version: string): string | undefined {
  const key = lockKey({ name, version });
  const pkg = lock.packages.get(key);
  return pkg && !pkg.source ? key : undefined;
}

/** Every package reachable from `start` (excluded), through all dependency kinds. */
export function lockClosure(lock: Lockfile, start: string): string[] {
  const seen = new Set<string>([start]);
  const queue = [start];
  while (queue.length) {
    for (const dep of lock.packages.get(queue.pop()!)?.dependencies ?? []) {
      if (!seen.has(dep)) {
        seen.add(dep);
        queue.push(dep);
      }
    }
  }
  seen.delete(start);
  return [...seen].sort();
}
