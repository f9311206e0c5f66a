import { ManifestError, placeOf } from './errors';
import type { ModelFs } from './fs';
import { expandGlobOnDisk, globToRegExp, isGlob } from './glob';
import type { Manifest } from './manifest';
import { ancestorsOf, isWithin, joinRelative, manifestIn } from './paths';
import type { TomlPath, TomlPosition } from './toml-positions';
import type { Problem } from './types';

/**
 * Which workspace a package manifest belongs to, by cargo's rules: `package.workspace` if set,
 * else the manifest itself when it has `[workspace]`, else the nearest ancestor with
 * `[workspace]` that does not exclude it. Undefined: a standalone crate. Throws ManifestError
 * when an ancestor's Cargo.toml on the way is in `unreadable` (invalid TOML; its problem by folder).
 * Like cargo's `find_root`, the walk also stops at an ancestor package carrying a
 * `package.workspace` pointer and follows it: a crate below such a package is taken for a member
 * of the workspace it points to (and refused if that workspace does not list it).
 */
export function findWorkspaceRoot(
  manifest: Manifest,
  manifests: Map<string, Manifest>,
  unreadable: ReadonlyMap<string, Problem> = new Map(),
): string | undefined {
  const own = workspacePointer(manifest);
  if (own !== undefined) return own;
  if (manifest.workspace) return manifest.dir;
  for (const dir of ancestorsOf(manifest.dir).slice(1)) {
    const candidate = manifests.get(dir);
    if (!candidate) {
      // cargo parses each Cargo.toml on the way up, and fails on the first it cannot read.
      const problem = unreadable.get(dir);
      if (problem) throw new ManifestError(`cargo cannot find this package's workspace: ${placeOf(problem)}, on the way, is invalid`);
      continue;
    }
    if (candidate.workspace) {
      if (!isExcluded(candidate, manifest.dir)) return dir;
      continue;
    }
    const pointer = workspacePointer(candidate);
    if (pointer !== undefined) return pointer;
  }
  return undefined;
}

function workspacePointer(manifest: Manifest): string | undefined {
  const pointer = manifest.package?.workspace;
  return typeof pointer === 'string' ? joinRelative(manifest.dir, pointer) : undefined;
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
  /** Folders cargo loads as members or their path dependencies whose Cargo.toml it cannot load (in `invalidDirs`). */
  invalid: string[];
  /** Each makes cargo refuse the whole workspace. */
  problems: Problem[];
}

/** What membership needs to know about the other manifests. */
export interface MemberLookup {
  /** Folders holding a package manifest. */
  packageDirs: ReadonlySet<string>;
  /** Folders whose Cargo.toml cargo cannot read (already reported; not to be reported again as missing). */
  invalidDirs: ReadonlySet<string>;
  /** A package's path-dependency folders (inheritance already applied). */
  pathDependencies(dir: string): string[];
  /** The workspace root a package believes it belongs to (see `findWorkspaceRoot`). */
  rootOf(dir: string): string | undefined;
  /** When given, glob members are also expanded on disk to find folders without a Cargo.toml. */
  fs?: ModelFs;
  /** Where a manifest writes a key or array element, when known. */
  locate?: (file: string, path: TomlPath) => TomlPosition | undefined;
}

/**
 * Cargo's `find_members`: the folders matched by `members` (minus `exclude`), the root package,
 * and, transitively, every path dependency inside the workspace folder (or outside it when that
 * package names this workspace with `package.workspace`).
 */
export function resolveMembers(root: Manifest, lookup: MemberLookup): Membership {
  const ws = root.workspace!;
  const problems: Problem[] = [];
  const members: string[] = [];
  const invalid = new Set<string>();
  const seen = new Set<string>();
  const add = (dir: string, viaPathDependency: boolean) => {
    // cargo reads every path dependency's manifest, member or not, and fails on one it cannot load.
    if (lookup.invalidDirs.has(dir) && (viaPathDependency || !isExcluded(root, dir))) invalid.add(dir);
    if (seen.has(dir) || !lookup.packageDirs.has(dir)) return;
    if (viaPathDependency && !isWithin(dir, root.dir) && lookup.rootOf(dir) !== root.dir) return;
    if (isExcluded(root, dir)) return;
    seen.add(dir);
    members.push(dir);
    for (const dep of lookup.pathDependencies(dir)) add(dep, true);
  };

  const listed = expandPatterns(ws.members, root, lookup, 'members', problems);
  for (const dir of listed) add(dir, false);
  if (root.package) add(root.dir, false);

  let defaultMembers = members;
  if (ws.defaultMembers) {
    // cargo refuses a default member that is not a member, unless `members` names it and
    // `exclude` removes it (so `default-members = ["crates/*"]` may cover excluded crates).
    const listedSet = new Set(listed);
    const written = ws.defaultMembers;
    defaultMembers = expandPatterns(written, root, lookup, 'default-members', problems).filter((dir) => {
      if (seen.has(dir)) return true;
      // A folder whose manifest cargo cannot load is reported as that already.
      if (!lookup.invalidDirs.has(dir) && !(listedSet.has(dir) && isExcluded(root, dir))) {
        const index = written.findIndex((p) => joinRelative(root.dir, p) === dir);
        problems.push({
          severity: 'error',
          file: root.file,
          ...lookup.locate?.(root.file, ['workspace', 'default-members', ...(index < 0 ? [] : [index])]),
          message: `workspace.default-members names ${dir || '.'}, which is not a member of the workspace`,
        });
      }
      return false;
    });
  } else if (root.package) defaultMembers = [root.dir];
  return { members, defaultMembers, invalid: [...invalid], problems };
}

/**
 * The package folders (and those in `invalidDirs`) named by `members`-style entries, each entry matching literally or as a
 * glob. Each entry that names nothing, or (on disk) a folder without Cargo.toml, is an error:
 * cargo refuses to load the workspace.
 */
function expandPatterns(patterns: string[], root: Manifest, lookup: MemberLookup, field: string, problems: Problem[]): string[] {
  const out: string[] = [];
  for (const [index, pattern] of patterns.entries()) {
    const refuse = (message: string) =>
      problems.push({ severity: 'error', file: root.file, ...lookup.locate?.(root.file, ['workspace', field, index]), message });
    const full = joinRelative(root.dir, pattern);
    const known = (dir: string) => lookup.packageDirs.has(dir) || lookup.invalidDirs.has(dir);
    let matches: string[];
    if (isGlob(pattern)) {
      const re = globToRegExp(full);
      matches = [...lookup.packageDirs, ...lookup.invalidDirs].filter((dir) => re.test(dir)).sort();
      const empty = lookup.fs ? emptyGlobMatches(full, lookup.fs) : [];
      for (const dir of empty) refuse(`workspace.${field} entry \`${pattern}\` matches ${dir}, which has no Cargo.toml`);
      if (matches.length === 0 && empty.length === 0) refuse(`workspace.${field} entry \`${pattern}\` matches no folder`);
    } else {
      matches = known(full) ? [full] : [];
      if (matches.length === 0) refuse(`workspace.${field} entry \`${pattern}\` has no ${manifestIn(full)}`);
    }
    out.push(...matches);
  }
  return out;
}

/** Folders a glob matches on disk that hold no Cargo.toml at all. */
function emptyGlobMatches(pattern: string, fs: ModelFs): string[] {
  return (expandGlobOnDisk(pattern, fs) ?? []).filter((dir) => !fs.isFile(manifestIn(dir)));
}
