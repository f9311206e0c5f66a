import { ManifestError, pathDependencyDirs, resolveCrate, type PlacePath } from './crate';
import type { ModelFs } from './fs';
import { readLockfile } from './lockfile';
import { readManifest, type Manifest } from './manifest';
import { dirOf, isAbsolutePath, isBeyondRoot, joinPath, joinWritten, manifestIn } from './paths';
import { parseToml, type TomlResult } from './toml';
import { locateInToml } from './toml-positions';
import type { CargoModel, Crate, InvalidCrate, Lockfile, Problem, Workspace } from './types';
import { findWorkspaceRoot, resolveMembers } from './workspace';
import { refusalsOf } from './workspace-refusals';

export interface LoadOptions {
  fs: ModelFs;
  /** Parses a file's TOML; lets a caller cache parses by content. Defaults to parsing `fs.readFile`. */
  readToml?: (file: string) => TomlResult | undefined;
  /**
   * The path relative to the model root of an absolute path (forward slashes) that lies inside
   * it, else undefined. Without it every absolute path a manifest writes counts as beyond the root.
   */
  insideRoot?: (absolute: string) => string | undefined;
}

/**
 * Builds the cargo model from a list of Cargo.toml paths (relative to the model root) without
 * running cargo. A manifest cargo could not load becomes a Problem (and an InvalidCrate when it
 * is a package), never an exception: the rest of the model is still built.
 */
export function loadCargoModel(manifestFiles: readonly string[], options: LoadOptions): CargoModel {
  const { fs } = options;
  const readToml = options.readToml ?? ((file: string) => {
    const text = fs.readFile(file);
    return text === undefined ? undefined : parseToml(text, file);
  });
  const insideRoot = options.insideRoot ?? (() => undefined);
  const locate = (path: string) => (isAbsolutePath(path) ? (insideRoot(path) ?? path) : path);
  const context: LoadContext = {
    fs,
    place: (dir, written) => locate(joinWritten(dir, written)),
    // Positions are looked for only on the error path: smol-toml gives none.
    positionIn: (file, path) => {
      const text = fs.readFile(file);
      return text === undefined ? undefined : locateInToml(text, [path]);
    },
    report: { problems: [], invalid: [] },
  };
  const manifests = readManifests(manifestFiles, readToml, context);
  const rootOf = workspaceRootOfPackages(manifests, context);
  const { workspaces, memberOf, refusals } = listWorkspaces(manifests, rootOf, context);
  const crates = resolveCrates(manifests, rootOf, memberOf, workspaces, context);
  applyWorkspaceRefusals(workspaces, crates, refusals, context);
  const { problems, invalid } = context.report;
  return { crates, workspaces, lockfiles: readLockfiles(workspaces, readToml, problems), problems, invalid };
}

/** What every step of loading shares: reading files, placing written paths, and where problems go. */
interface LoadContext {
  fs: ModelFs;
  place: PlacePath;
  /** Where a key path lies in a TOML file (for a problem's position). */
  positionIn: (file: string, path: readonly (string | number)[]) => ReturnType<typeof locateInToml> | undefined;
  report: { problems: Problem[]; invalid: InvalidCrate[] };
}

/** Per workspace root: what makes cargo refuse it found while listing members, and the unloadable folders it reads. */
type ListedRefusals = Map<string, { problems: Problem[]; invalid: string[] }>;

/** The manifests by folder; one that is not valid TOML is a Problem and an InvalidCrate instead. */
function readManifests(manifestFiles: readonly string[], readToml: (file: string) => TomlResult | undefined, { fs, report }: LoadContext): Map<string, Manifest> {
  const manifests = new Map<string, Manifest>();
  for (const file of [...manifestFiles].sort()) {
    const parsed = readToml(file);
    if (!parsed) continue;
    if (!parsed.ok) {
      report.problems.push(parsed.problem);
      report.invalid.push({ root: dirOf(file), manifestPath: file, name: guessPackageName(fs.readFile(file)), problem: parsed.problem });
      continue;
    }
    manifests.set(dirOf(file), readManifest(parsed.value, file, dirOf(file)));
  }
  return manifests;
}

/** A package cargo cannot load although its TOML is fine: an error, and an InvalidCrate. */
function refuse(manifest: Manifest, e: unknown, { fs, report }: LoadContext): void {
  if (!(e instanceof ManifestError)) throw e;
  const text = e.site && fs.readFile(manifest.file);
  const problem: Problem = { severity: 'error', file: manifest.file, ...(text ? e.site!(text) : undefined), message: e.message };
  report.problems.push(problem);
  const name = manifest.package?.name;
  report.invalid.push({ root: manifest.dir, manifestPath: manifest.file, name: typeof name === 'string' ? name : undefined, problem });
}

/** Which root each package believes it belongs to (its own folder when that holds no workspace). */
function workspaceRootOfPackages(manifests: Map<string, Manifest>, context: LoadContext): Map<string, string> {
  // Manifests that are not valid TOML: cargo stops at them when it walks up to a workspace root.
  const unreadable = new Map(context.report.invalid.map((i) => [i.root, i.problem]));
  const rootOf = new Map<string, string>();
  for (const m of manifests.values()) {
    if (!m.package) continue;
    try {
      const root = findWorkspaceRoot(m, manifests, unreadable);
      rootOf.set(m.dir, root !== undefined && manifests.get(root)?.workspace ? root : m.dir);
    } catch (e) {
      refuse(m, e, context);
    }
  }
  return rootOf;
}

/** The workspaces manifests declare, with the packages each root accepts as members. */
function listWorkspaces(
  manifests: Map<string, Manifest>,
  rootOf: Map<string, string>,
  context: LoadContext,
): { workspaces: Workspace[]; memberOf: Map<string, string>; refusals: ListedRefusals } {
  const { fs, place, positionIn, report } = context;
  const packageDirs = new Set(rootOf.keys());
  // Now also the packages refused while finding their root: reported already, never "missing".
  const invalidDirs = new Set(report.invalid.map((i) => i.root));
  const workspaces: Workspace[] = [];
  const memberOf = new Map<string, string>();
  const refusals: ListedRefusals = new Map();
  for (const root of manifests.values()) {
    if (!root.workspace) continue;
    const membership = resolveMembers(root, {
      packageDirs,
      invalidDirs,
      pathDependencies: (dir) => pathDependencyDirs(manifests.get(dir)!, root, place),
      rootOf: (dir) => rootOf.get(dir),
      fs,
      locate: positionIn,
    });
    const { members, refused } = acceptedMembers(root, membership, rootOf, positionIn);
    report.problems.push(...refused);
    refusals.set(root.dir, { problems: refused, invalid: membership.invalid });
    for (const dir of members) memberOf.set(dir, root.dir);
    workspaces.push(workspaceOf(root, members, membership.defaultMembers, fs, manifests, place));
  }
  return { workspaces, memberOf, refusals };
}

/** The members a root lists that belong to it; one that belongs to another workspace makes cargo refuse the root. */
function acceptedMembers(
  root: Manifest,
  membership: ReturnType<typeof resolveMembers>,
  rootOf: Map<string, string>,
  positionIn: LoadContext['positionIn'],
): { members: string[]; refused: Problem[] } {
  const refused = [...membership.problems];
  const members = membership.members.filter((dir) => {
    if (rootOf.get(dir) === root.dir) return true;
    refused.push({
      severity: 'error',
      file: root.file,
      ...positionIn(root.file, ['workspace']),
      message: `${manifestIn(dir)} is a member (listed, or a path dependency of one) but belongs to the workspace at ${manifestIn(rootOf.get(dir)!)}`,
    });
    return false;
  });
  return { members, refused };
}

/** The crates cargo loads; a package that is its own workspace adds that workspace to `workspaces`. */
function resolveCrates(
  manifests: Map<string, Manifest>,
  rootOf: Map<string, string>,
  memberOf: Map<string, string>,
  workspaces: Workspace[],
  context: LoadContext,
): Crate[] {
  const { fs, place, positionIn, report } = context;
  const crates: Crate[] = [];
  for (const [dir, rootDir] of rootOf) {
    const manifest = manifests.get(dir)!;
    if (rootDir !== dir && memberOf.get(dir) !== rootDir) {
      report.problems.push(notAMember(manifest, rootDir, positionIn));
      continue;
    }
    if (rootDir === dir && !manifest.workspace) workspaces.push(workspaceOf(manifest, [dir], [dir], fs, manifests, place));
    try {
      crates.push(resolveCrate(manifest, manifests.get(rootDir)!, fs, place));
    } catch (e) {
      refuse(manifest, e, context);
    }
  }
  return crates;
}

/** cargo refuses a package under a workspace that does not list it ("believes it's in a workspace when it's not"): not a crate. */
function notAMember(manifest: Manifest, rootDir: string, positionIn: LoadContext['positionIn']): Problem {
  return {
    severity: 'warning',
    file: manifest.file,
    ...positionIn(manifest.file, ['package']),
    message: `cargo will not load this package: it lies under the workspace at ${manifestIn(rootDir)} but is not one of its members (add it to \`members\` or \`exclude\`)`,
  };
}

/** Marks each workspace cargo refuses (and the unloadable crates it takes down with it). */
function applyWorkspaceRefusals(workspaces: Workspace[], crates: Crate[], refusals: ListedRefusals, { positionIn, report }: LoadContext): void {
  const crateAt = new Map(crates.map((c) => [c.root, c]));
  const invalidAt = new Map(report.invalid.map((i) => [i.root, i]));
  for (const ws of workspaces) {
    const listed = refusals.get(ws.root);
    const found = refusalsOf(ws, { crateAt, invalidAt, listed, locate: positionIn });
    report.problems.push(...found.more);
    if (!found.error) continue;
    ws.error = found.error;
    // An unloadable crate takes its workspace down only when that holds other crates.
    const unloadable = [...ws.members, ...(listed?.invalid ?? [])].filter((dir) => invalidAt.has(dir));
    if (ws.members.length + (listed?.invalid.length ?? 0) > 1) for (const dir of unloadable) invalidAt.get(dir)!.workspaceRoot = ws.root;
  }
}

function workspaceOf(root: Manifest, members: string[], defaultMembers: string[], fs: ModelFs, manifests: Map<string, Manifest>, place: PlacePath): Workspace {
  const lock = joinPath(root.dir, 'Cargo.lock');
  const outside = members.flatMap((dir) => pathDependencyDirs(manifests.get(dir)!, root, place)).filter(isBeyondRoot);
  // Written absolute, a patch crate may still lie inside the root.
  const patchPaths = [...new Set(root.patchPaths.map((p) => place('', p)))].sort();
  return {
    root: root.dir,
    manifestPath: root.file,
    members,
    defaultMembers,
    exclude: root.workspace?.exclude ?? [],
    profiles: root.profiles,
    lockfilePath: fs.isFile(lock) ? lock : undefined,
    hasLints: root.workspace?.hasLints ?? false,
    ...(patchPaths.length ? { patchPaths } : {}),
    ...(outside.length ? { outsidePaths: [...new Set(outside)].sort() } : {}),
  };
}

function readLockfiles(
  workspaces: Workspace[],
  readToml: (file: string) => TomlResult | undefined,
  problems: Problem[],
): Lockfile[] {
  const out: Lockfile[] = [];
  for (const ws of workspaces) {
    if (!ws.lockfilePath) continue;
    const parsed = readToml(ws.lockfilePath);
    if (!parsed) continue;
    if (parsed.ok) out.push(readLockfile(parsed.value, ws.lockfilePath));
    else problems.push(parsed.problem);
  }
  return out;
}

/** Best effort: a broken manifest's `name = "…"` line, so its error can carry the crate's name. */
function guessPackageName(text: string | undefined): string | undefined {
  const pkg = text?.split(/^\s*\[package\]\s*$/m)[1];
  return pkg && /^\s*name\s*=\s*["']([A-Za-z0-9_-]+)["']/m.exec(pkg.split(/^\s*\[/m)[0])?.[1];
}
