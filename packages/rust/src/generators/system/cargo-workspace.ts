import type { Tree } from '@nx/devkit';
import { loadCargoModel, type ModelFs } from '../../cargo';
import { expandGlobOnDisk, globToRegExp, isGlob } from '../../cargo/glob';
import { isWithin, joinPath, joinRelative, manifestIn } from '../../cargo/paths';
import { asStringArray, asTable, isTable, parseToml, type TomlTable } from '../../cargo/toml';
import { treeFs } from '../../fs/tree-fs';

export { treeFs };

/** A package of the root Cargo workspace. */
export interface WorkspaceCrate {
  name: string;
  /** Folder relative to the workspace root ('' for a root package). */
  dir: string;
  hasLib: boolean;
  bins: string[];
  /** `package.version`, inherited ones resolved. */
  version: string;
}

/** What the generator needs to know about the root Cargo workspace, read from the Tree only. */
export interface CargoWorkspace {
  text: string;
  doc: TomlTable;
  /** `workspace.members` and `workspace.exclude` as written. */
  members: string[];
  exclude: string[];
  /** Member packages in cargo's order (listed members, the path dependencies they pull in, a root package). */
  crates: WorkspaceCrate[];
  /** `[workspace.package]` and `[workspace.dependencies]` as written. */
  package: TomlTable;
  dependencies: TomlTable;
  hasLints: boolean;
}

/** Reads the root Cargo.toml and its member crates; throws when there is no readable root manifest. */
export function readCargoWorkspace(tree: Tree): CargoWorkspace {
  if (!tree.isFile('Cargo.toml')) {
    throw new Error('There is no Cargo.toml at the workspace root: run `nx g @ms/rust:init` (or `nx add @ms/rust`) first to create the Cargo workspace.');
  }
  const text = tree.read('Cargo.toml', 'utf-8') ?? '';
  const parsed = parseToml(text, 'Cargo.toml');
  if (!parsed.ok) {
    const { line, column, message } = parsed.problem;
    throw new Error(`Cannot read the root Cargo.toml (line ${line}, column ${column}): ${message}. Fix it first.`);
  }
  const doc = parsed.value;
  const workspace = asTable(doc.workspace);
  const members = asStringArray(workspace.members);
  return {
    text,
    doc,
    members,
    exclude: asStringArray(workspace.exclude),
    crates: memberCrates(members, treeFs(tree)),
    package: asTable(workspace.package),
    dependencies: asTable(workspace.dependencies),
    hasLints: isTable(workspace.lints),
  };
}

/**
 * The root workspace's packages, by the cargo model's own membership rules. Only the manifests
 * `members` names are read, then those their path dependencies reach, instead of every
 * Cargo.toml under the root.
 */
function memberCrates(members: string[], fs: ModelFs): WorkspaceCrate[] {
  const manifests = new Set(['Cargo.toml']);
  for (const pattern of members) {
    for (const dir of expandMember(pattern, fs)) manifests.add(manifestIn(dir));
  }
  for (;;) {
    const model = loadCargoModel([...manifests].filter((file) => fs.isFile(file)), { fs });
    const size = manifests.size;
    for (const crate of model.crates) {
      for (const dep of crate.dependencies) {
        if (dep.path !== undefined && isWithin(dep.path, '')) manifests.add(manifestIn(dep.path));
      }
    }
    if (manifests.size > size) continue;
    const root = model.workspaces.find((ws) => ws.root === '');
    const memberDirs = root?.members ?? [];
    const byDir = new Map(model.crates.map((c) => [c.root, c]));
    return memberDirs.flatMap((dir) => {
      const crate = byDir.get(dir);
      if (!crate) return [];
      const hasLib = crate.targets.some((t) => t.kind === 'lib');
      return [{ name: crate.name, dir, hasLib, bins: crate.targets.filter((t) => t.kind === 'bin').map((t) => t.name), version: crate.version }];
    });
  }
}

/** Folders never searched for `**` members: build output and installed packages. */
const NOT_SEARCHED = new Set(['target', 'node_modules']);

/** The folders a `members` entry names, as cargo expands it. */
export function expandMember(pattern: string, fs: ModelFs): string[] {
  const full = joinRelative('', pattern);
  if (!isWithin(full, '')) return [];
  if (!isGlob(full)) return [full];
  const found = expandGlobOnDisk(full, fs);
  if (found) return found;
  // `**`: walk below the pattern's fixed prefix.
  const re = globToRegExp(full);
  const parts = full.split('/');
  const out: string[] = [];
  const visit = (dir: string) => {
    for (const entry of fs.listDir(dir) ?? []) {
      if (!entry.isDir || entry.name.startsWith('.') || NOT_SEARCHED.has(entry.name)) continue;
      const path = joinPath(dir, entry.name);
      if (re.test(path)) out.push(path);
      visit(path);
    }
  };
  visit(parts.slice(0, parts.findIndex(isGlob)).join('/'));
  return out.sort();
}
