import type { Tree } from '@nx/devkit';
import { loadCargoModel } from '../cargo';
import { ancestorsOf, joinRelative, manifestIn } from '../cargo/paths';
import { asString, isTable, parseToml, type TomlTable } from '../cargo/toml';
import { treeFs } from '../fs/tree-fs';

/** A crate's manifest as the release reads it from the Tree. */
export interface CrateManifest {
  name: string;
  /** Folder of the crate ('' for the Nx root). */
  dir: string;
  file: string;
  text: string;
  doc: TomlTable;
  /** `version.workspace = true`: the version is `[workspace.package].version` of the workspace root's manifest. */
  inheritsVersion: boolean;
  /** `package.version` as written (undefined when inherited or missing). */
  ownVersion?: string;
}

/** Reads the crate manifest in `dir`; throws naming the file when it is missing or is not a package. */
export function readCrateManifest(tree: Tree, dir: string): CrateManifest {
  const file = manifestIn(dir);
  const { text, doc } = readToml(tree, file);
  const pkg = doc.package;
  if (!isTable(pkg) || typeof pkg.name !== 'string') throw new Error(`${file} has no [package] with a name: it is not a crate nx release can version.`);
  const version = pkg.version;
  const inheritsVersion = isTable(version) && version.workspace === true;
  return { name: pkg.name, dir, file, text, doc, inheritsVersion, ownVersion: asString(version) };
}

export function readToml(tree: Tree, file: string): { text: string; doc: TomlTable } {
  if (!tree.isFile(file)) throw new Error(`${file} does not exist.`);
  const text = tree.read(file, 'utf-8') ?? '';
  const parsed = parseToml(text, file);
  if (!parsed.ok) {
    const { line, column, message } = parsed.problem;
    throw new Error(`${file}:${line}:${column}: ${message}`);
  }
  return { text, doc: parsed.value };
}

/**
 * The folder of the crate's workspace root, by cargo's rules (the crate's own folder when it has
 * none). Kept per Tree: a release asks for every crate, for each project it versions, and
 * versions never change which workspace a crate belongs to.
 */
export function workspaceRootOf(tree: Tree, dir: string): string {
  let roots = workspaceRoots.get(tree);
  if (!roots) workspaceRoots.set(tree, (roots = new Map()));
  let root = roots.get(dir);
  if (root === undefined) roots.set(dir, (root = loadWorkspaceRoot(tree, dir)));
  return root;
}

const workspaceRoots = new WeakMap<Tree, Map<string, string>>();

function loadWorkspaceRoot(tree: Tree, dir: string): string {
  const manifests = ancestorsOf(dir)
    .map(manifestIn)
    .filter((file) => tree.isFile(file));
  const model = loadCargoModel(manifests, { fs: treeFs(tree) });
  return model.crates.find((c) => c.root === dir)?.workspaceRoot ?? model.invalid.find((c) => c.root === dir)?.workspaceRoot ?? dir;
}

/** One entry of a dependency table that names a crate by path. */
export interface DependencyEntry {
  /** TOML key path of the entry: ['dependencies', 'a'], ['target', 'cfg(unix)', 'dev-dependencies', 'a'], ['workspace', 'dependencies', 'a']. */
  key: string[];
  /** The table, as a user reads it: `dependencies`, `target.'cfg(unix)'.build-dependencies`, `workspace.dependencies`. */
  table: string;
  /** The package it names (`package = "…"` when renamed). */
  package: string;
  /** Folder it points to, relative to the Nx root; undefined for `x.workspace = true`. */
  path?: string;
  /** `x.workspace = true`: the entry of `[workspace.dependencies]` holds path and version. */
  workspace: boolean;
  /** The version requirement written in it. */
  version?: string;
}

const TABLES = ['dependencies', 'dev-dependencies', 'dev_dependencies', 'build-dependencies', 'build_dependencies'];

/** The path and `workspace = true` entries of every dependency table of a crate manifest (`[target.*]` ones too). */
export function dependencyEntries(manifest: CrateManifest): DependencyEntry[] {
  const out: DependencyEntry[] = [];
  const scan = (prefix: string[], label: string, tables: TomlTable) => {
    for (const table of TABLES) {
      if (isTable(tables[table])) out.push(...entriesOf(tables[table], [...prefix, table], `${label}${table}`, manifest.dir));
    }
  };
  scan([], '', manifest.doc);
  const targets = manifest.doc.target;
  if (isTable(targets)) {
    for (const [cfg, tables] of Object.entries(targets)) if (isTable(tables)) scan(['target', cfg], `target.'${cfg}'.`, tables);
  }
  return out;
}

/** The path entries of `[workspace.dependencies]` in the workspace root's manifest. */
export function workspaceDependencyEntries(doc: TomlTable, rootDir: string): DependencyEntry[] {
  const deps = isTable(doc.workspace) ? doc.workspace.dependencies : undefined;
  return isTable(deps) ? entriesOf(deps, ['workspace', 'dependencies'], 'workspace.dependencies', rootDir).filter((e) => !e.workspace) : [];
}

function entriesOf(table: TomlTable, key: string[], label: string, dir: string): DependencyEntry[] {
  const out: DependencyEntry[] = [];
  for (const [name, spec] of Object.entries(table)) {
    if (!isTable(spec)) continue;
    const workspace = spec.workspace === true;
    const path = asString(spec.path);
    if (!workspace && path === undefined) continue;
    out.push({
      key: [...key, name],
      table: label,
      package: asString(spec.package) ?? name,
      path: path === undefined ? undefined : joinRelative(dir, path),
      workspace,
      version: asString(spec.version),
    });
  }
  return out;
}
