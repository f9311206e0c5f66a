import { readCachedProjectGraph, type ProjectGraph, type Tree } from '@nx/devkit';
import { VersionActions } from 'nx/release';
import { joinPath, manifestIn } from '../cargo/paths';
import { replaceValue } from '../cargo/toml-edit';
import { groupNameFor } from './groups';
import { lockWithVersion } from './lockfile';
import { dependencyEntries, readCrateManifest, readToml, workspaceDependencyEntries, workspaceRootOf, type CrateManifest, type DependencyEntry } from './manifest';
import { rememberLockfile } from './lock-check';
import { bumpedRequirement, isSemverVersion } from './requirement';

/**
 * `nx release` for a crate (nx.json: `release.version.versionActions: "@ms/rust/release"`):
 * reads and writes `[package].version`, or `[workspace.package].version` for
 * `version.workspace = true`, the requirements dependents write on it, and Cargo.lock, all in
 * Nx's Tree (so `--dry-run` shows every change and writes none), keeping the files' layout.
 */
export class CargoVersionActions extends VersionActions {
  override validManifestFilenames = ['Cargo.toml'];
  /** The edits keep the manifests' own layout (Nx 23+ reads this; Nx 22 formats only files Prettier knows, and TOML is not one). */
  override excludeManifestsFromFormatting = true;

  private get dir(): string {
    return projectDir(this.projectGraphNode.data.root);
  }

  override async validate(tree: Tree): Promise<void> {
    await super.validate(tree);
    const manifest = readCrateManifest(tree, this.dir);
    if (manifest.inheritsVersion) refuseSplitSharedVersion(tree, manifest, this.projectGraphNode.name, this.releaseGroup as unknown as ReleaseGroup);
  }

  async readCurrentVersionFromSourceManifest(tree: Tree): Promise<{ currentVersion: string; manifestPath: string } | null> {
    const source = versionSource(tree, readCrateManifest(tree, this.dir));
    return { currentVersion: source.version, manifestPath: source.file };
  }

  /** Registries are not asked for versions: the manifests hold them (`currentVersionResolver: "disk"`). */
  async readCurrentVersionFromRegistry(): Promise<null> {
    return null;
  }

  async readCurrentVersionOfDependency(tree: Tree, projectGraph: ProjectGraph, dependencyProjectName: string): Promise<{ currentVersion: string | null; dependencyCollection: string | null }> {
    const target = crateOfProject(tree, projectGraph, dependencyProjectName);
    const found = requirementsOn(tree, readCrateManifest(tree, this.dir), target).find((r) => r.entry.version !== undefined);
    return { currentVersion: found?.entry.version ?? null, dependencyCollection: found?.entry.table ?? null };
  }

  async updateProjectVersion(tree: Tree, newVersion: string): Promise<string[]> {
    if (!isSemverVersion(newVersion)) throw new Error(`Cannot give crate "${this.projectGraphNode.name}" the version "${newVersion}": cargo takes a semver version (MAJOR.MINOR.PATCH[-pre][+build]).`);
    const manifest = readCrateManifest(tree, this.dir);
    const source = versionSource(tree, manifest);
    const logs: string[] = [];
    if (source.version !== newVersion) {
      tree.write(source.file, replaceValue(readToml(tree, source.file).text, source.key, `"${newVersion}"`));
      logs.push(`✍️  New version ${newVersion} written to ${source.file} (${source.key.join('.')})`);
    }
    const root = workspaceRootOf(tree, this.dir);
    // The workspace's own requirement on the crate, used by every `x.workspace = true` dependent, in the release or not.
    const rootManifest = manifestIn(root);
    if (tree.isFile(rootManifest)) {
      for (const entry of workspaceDependencyEntries(readToml(tree, rootManifest).doc, root)) {
        if (entry.package === manifest.name && entry.path === this.dir) logs.push(...writeRequirement(tree, rootManifest, entry, manifest.name, newVersion, this.forcedPrefix()));
      }
    }
    const lock = joinPath(root, 'Cargo.lock');
    if (tree.isFile(lock)) {
      const edited = lockWithVersion(tree.read(lock, 'utf-8') ?? '', lock, manifest.name, newVersion);
      if (!edited) {
        throw new Error(`${lock} has no entry for crate "${manifest.name}": it is out of date with the manifests. Run \`cargo update --workspace\` (or any cargo build), commit Cargo.lock, then release again.`);
      }
      if (edited.from !== newVersion) {
        tree.write(lock, edited.text);
        rememberLockfile(lock);
        logs.push(`✍️  ${manifest.name} ${edited.from} → ${newVersion} in ${lock}`);
      }
    }
    return logs;
  }

  async updateProjectDependencies(tree: Tree, projectGraph: ProjectGraph, dependenciesToUpdate: Record<string, string>): Promise<string[]> {
    const manifest = readCrateManifest(tree, this.dir);
    const logs: string[] = [];
    for (const [project, given] of Object.entries(dependenciesToUpdate)) {
      const newVersion = given.replace(/^[\^~=]/, '');
      const target = crateOfProject(tree, projectGraph, project);
      for (const { file, entry } of requirementsOn(tree, manifest, target)) logs.push(...writeRequirement(tree, file, entry, target.name, newVersion, this.forcedPrefix()));
    }
    return logs;
  }

  /** `versionPrefix` "auto" (Nx's default): each requirement keeps its own operator; an explicit one applies to all. */
  private forcedPrefix(): string | undefined {
    const prefix = this.finalConfigForProject.versionPrefix;
    return prefix === 'auto' || prefix === undefined ? undefined : prefix;
  }
}

/** Writes the requirement `entry` of `file` has on `crate` for its new version; the log line, if it changed. */
function writeRequirement(tree: Tree, file: string, entry: DependencyEntry, crate: string, newVersion: string, forcedPrefix: string | undefined): string[] {
  // Fresh from the Tree: an earlier edit may have changed it already.
  const current = writtenRequirement(tree, file, entry);
  if (current === undefined) return [];
  const requirement = bumpedRequirement(current, newVersion, forcedPrefix);
  if (requirement === current) return [];
  tree.write(file, replaceValue(readToml(tree, file).text, [...entry.key, 'version'], JSON.stringify(requirement)));
  return [`✍️  ${crate} "${current}" → "${requirement}" in ${file} [${entry.table}]`];
}

/** The version requirement written at `entry` in `file` now. */
function writtenRequirement(tree: Tree, file: string, entry: DependencyEntry): string | undefined {
  let table: unknown = readToml(tree, file).doc;
  for (const key of [...entry.key, 'version']) table = table && typeof table === 'object' ? (table as Record<string, unknown>)[key] : undefined;
  return typeof table === 'string' ? table : undefined;
}

/** Where a crate's version is written: its own manifest, or its workspace root's `[workspace.package]`. */
function versionSource(tree: Tree, manifest: CrateManifest): { file: string; key: string[]; version: string } {
  if (manifest.inheritsVersion) {
    const file = manifestIn(workspaceRootOf(tree, manifest.dir));
    const { doc } = readToml(tree, file);
    const version = (doc.workspace as { package?: { version?: unknown } } | undefined)?.package?.version;
    if (typeof version !== 'string') throw new Error(`${manifest.file} inherits its version (version.workspace = true), but ${file} sets no [workspace.package] version.`);
    return { file, key: ['workspace', 'package', 'version'], version };
  }
  if (manifest.ownVersion === undefined) throw new Error(`${manifest.file} sets no version: add \`version = "0.1.0"\` to its [package], or \`version.workspace = true\`.`);
  return { file: manifest.file, key: ['package', 'version'], version: manifest.ownVersion };
}

/** What a release group of Nx's final configuration holds that the checks read. */
interface ReleaseGroup {
  name: string;
  projects: string[];
  projectsRelationship: 'fixed' | 'independent';
}

interface TargetCrate {
  name: string;
  dir: string;
}

function crateOfProject(tree: Tree, projectGraph: ProjectGraph, project: string): TargetCrate {
  const node = projectGraph.nodes[project];
  if (!node) throw new Error(`nx release: no project "${project}" in the project graph.`);
  const dir = projectDir(node.data.root);
  return { name: readCrateManifest(tree, dir).name, dir };
}

/**
 * Every requirement the crate writes on `target`, with the file holding it: its own path entries
 * in every dependency table, and for `x.workspace = true` the `[workspace.dependencies]` entry of
 * its workspace root.
 */
function requirementsOn(tree: Tree, manifest: CrateManifest, target: TargetCrate): Array<{ file: string; entry: DependencyEntry }> {
  const out: Array<{ file: string; entry: DependencyEntry }> = [];
  let shared: DependencyEntry[] | undefined;
  let root = '';
  for (const entry of dependencyEntries(manifest)) {
    if (entry.package !== target.name) continue;
    if (!entry.workspace) {
      if (entry.path === target.dir) out.push({ file: manifest.file, entry });
      continue;
    }
    if (!shared) {
      root = workspaceRootOf(tree, manifest.dir);
      shared = workspaceDependencyEntries(readToml(tree, manifestIn(root)).doc, root);
    }
    const name = entry.key[entry.key.length - 1];
    const declared = shared.find((s) => s.key[2] === name && s.path === target.dir);
    if (declared && !out.some((o) => o.entry === declared)) out.push({ file: manifestIn(root), entry: declared });
  }
  return out;
}

/**
 * Crates that inherit one `[workspace.package].version` have one version: Nx must version them
 * together, in one fixed release group, or a bump of one would silently bump the others.
 */
function refuseSplitSharedVersion(tree: Tree, manifest: CrateManifest, project: string, group: ReleaseGroup): void {
  const root = workspaceRootOf(tree, manifest.dir);
  const sharing = projectsSharingVersion(tree, root) ?? [project];
  if (!sharing.includes(project)) sharing.push(project);
  const outside = sharing.filter((p) => !group.projects.includes(p));
  if (group.projectsRelationship !== 'independent' && outside.length === 0) return;
  const list = sharing.map((p) => `"${p}"`).join(', ');
  // Nx names the group of a release configuration without `groups` "__default__".
  const named = group.name === '__default__' ? 'the release configuration' : `the release group "${group.name}"`;
  const why =
    group.projectsRelationship === 'independent'
      ? `${named} is independent ("projectsRelationship": "independent")`
      : `${outside.map((p) => `"${p}"`).join(', ')} ${outside.length === 1 ? 'is' : 'are'} not in ${named}`;
  throw new Error(
    `Crates ${list} share one version ([workspace.package].version in ${manifestIn(root)}, through version.workspace = true), but ${why}. ` +
      `Release them together in one fixed group, e.g. in nx.json: "release": { "groups": { "${groupNameFor(root)}": { "projects": [${list}], "projectsRelationship": "fixed" } } }, ` +
      'or give a crate a version of its own in its Cargo.toml.',
  );
}

/** The projects whose crates inherit their version from the workspace at `root`; undefined without a cached project graph. */
function projectsSharingVersion(tree: Tree, root: string): string[] | undefined {
  let graph: ProjectGraph;
  try {
    graph = readCachedProjectGraph();
  } catch {
    return undefined;
  }
  const out: string[] = [];
  for (const [name, node] of Object.entries(graph.nodes)) {
    const dir = projectDir(node.data.root);
    if (!tree.isFile(manifestIn(dir))) continue;
    try {
      const manifest = readCrateManifest(tree, dir);
      if (manifest.inheritsVersion && workspaceRootOf(tree, dir) === root) out.push(name);
    } catch {
      // Not a crate (a workspace root without [package], another kind of project).
    }
  }
  return out.sort();
}

/** Nx names the root folder '.'; the cargo model ''. */
function projectDir(root: string): string {
  return root === '.' || root === './' ? '' : root.replace(/\/+$/, '');
}
