import { globToRegExp, isGlob } from './glob';
import type { Manifest } from './manifest';
import { ancestorsOf, isWithin, joinRelative, manifestIn } from './paths';
import type { Problem } from './types';

/**
 * Which workspace a package manifest belongs to, by cargo's rules: `package.workspace` if set,
 * else the manifest itself when it has `[workspace]`, else the nearest ancestor with
 * `[workspace]` that does not exclude it. Undefined: a standalone crate.
 */
export function findWorkspaceRoot(manifest: Manifest, manifests: Map<string, Manifest>): string | undefined {
  const pointer = manifest.package?.workspace;
  if (typeof pointer === 'string') return joinRelative(manifest.dir, pointer);
  if (manifest.workspace) return manifest.dir;
  for (const dir of ancestorsOf(manifest.dir).slice(1)) {
    const candidate = manifests.get(dir);
    if (candidate?.workspace && !isExcluded(candidate, manifest.dir)) return dir;
  }
  return undefined;
}

/**
 * Cargo's `is_excluded`: an `exclude` entry is a path prefix, and loses to a `members` entry that
 * is itself a prefix of the crate's path (globbed members never win over `exclude`).
 */
export function isExcluded(root: Manifest, crateDir: string): boolean {
  const ws = root.workspace!;
  const under = (entry: string) => isWithin(crateDir, joinRelative(root.dir, entry));
  return ws.exclude.some(under) && !ws.members.some(under);
}

export interface Membership {
  members: string[];
  defaultMembers: string[];
  problems: Problem[];
}

/**
 * Cargo's `find_members`: the folders matched by `members` (minus `exclude`), the root package,
 * and, transitively, every path dependency inside the workspace folder.
 * `pathDependencies` gives a member's path-dependency folders (inheritance already applied).
 */
export function resolveMembers(
  root: Manifest,
  packageDirs: ReadonlySet<string>,
  pathDependencies: (dir: string) => string[],
): Membership {
  const ws = root.workspace!;
  const problems: Problem[] = [];
  const members: string[] = [];
  const seen = new Set<string>();
  const add = (dir: string, viaPathDependency: boolean) => {
    if (seen.has(dir) || !packageDirs.has(dir)) return;
    if (viaPathDependency && !isWithin(dir, root.dir)) return;
    if (isExcluded(root, dir)) return;
    seen.add(dir);
    members.push(dir);
    for (const dep of pathDependencies(dir)) add(dep, true);
  };

  for (const dir of expandPatterns(ws.members, root, packageDirs, 'members', problems)) add(dir, false);
  if (root.package) add(root.dir, false);

  const defaultMembers = ws.defaultMembers
    ? expandPatterns(ws.defaultMembers, root, packageDirs, 'default-members', problems).filter((d) => seen.has(d))
    : root.package
      ? [root.dir]
      : members;
  return { members, defaultMembers, problems };
}

function expandPatterns(
  patterns: string[],
  root: Manifest,
  packageDirs: ReadonlySet<string>,
  field: string,
  problems: Problem[],
): string[] {
  const out: string[] = [];
  for (const pattern of patterns) {
    const full = joinRelative(root.dir, pattern);
    const matches = isGlob(pattern)
      ? [...packageDirs].filter((dir) => globToRegExp(full).test(dir)).sort()
      : packageDirs.has(full)
        ? [full]
        : [];
    if (matches.length === 0) {
      problems.push({
        severity: 'warning',
        file: root.file,
        message: isGlob(pattern)
          ? `workspace.${field} entry "${pattern}" matches no crate`
          : `workspace.${field} entry "${pattern}" has no ${manifestIn(full)}`,
      });
    }
    out.push(...matches);
  }
  return out;
}
