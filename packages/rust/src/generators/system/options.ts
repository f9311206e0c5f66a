import type { Tree } from '@nx/devkit';
import { dirOf, isWithin, joinPath, joinRelative, manifestIn } from '../../cargo/paths';
import { isGlob } from '../../cargo/glob';
import { parseToml } from '../../cargo/toml';
import type { CargoWorkspace, WorkspaceCrate } from './cargo-workspace';
import { oneLine } from './escape';
import { crateNameProblem, defaultCliName, libName, titleOf } from './names';

/** The options of `nx g @ms/rust:system` as schema.json describes them. */
export interface SystemGeneratorSchema {
  name: string;
  directory?: string;
  description?: string;
  cli?: boolean;
  cliName?: string;
  bench?: boolean;
  /** Workspace crates to depend on: an array, or names separated by commas. */
  deps?: string | string[];
}

export interface SystemOptions {
  name: string;
  /** Parent folder of the crate, relative to the workspace root ('' for the root itself). */
  directory: string;
  crateDir: string;
  description: string;
  cli: boolean;
  cliName: string;
  bench: boolean;
  deps: WorkspaceCrate[];
}

/**
 * Checks every option against the workspace and fills in the defaults. Throws an Error naming
 * the problem for any input cargo (or the generator) would refuse; it writes nothing.
 */
export function normalizeOptions(tree: Tree, schema: SystemGeneratorSchema, ws: CargoWorkspace): SystemOptions {
  const name = schema.name;
  const nameProblem = crateNameProblem(name);
  if (nameProblem) throw new Error(nameProblem);

  const directory = schema.directory === undefined ? defaultDirectory(ws) : normalizeDirectory(schema.directory);
  const crateDir = joinPath(directory, name);
  if (tree.exists(crateDir)) throw new Error(`Cannot create the crate in ${crateDir}: it already exists. Choose another name or --directory.`);
  const nested = enclosingWorkspace(tree, directory);
  if (nested !== undefined) {
    throw new Error(`Cannot create the crate in ${crateDir}: it lies inside the Cargo workspace of ${manifestIn(nested)}, not the root one. Choose another --directory.`);
  }
  const clash = ws.crates.find((c) => libName(c.name) === libName(name));
  if (clash) {
    throw new Error(`Cannot name the crate "${name}": the workspace crate in ${clash.dir || '.'} is already named "${clash.name}".`);
  }

  const cli = flag(schema.cli, 'cli');
  const bench = flag(schema.bench, 'bench');
  const cliName = schema.cliName ?? defaultCliName(name);
  if (cli) {
    const problem = crateNameProblem(cliName, 'cliName');
    if (problem) throw new Error(problem);
    const owner = ws.crates.find((c) => c.bins.includes(cliName));
    if (owner) throw new Error(`Invalid cliName "${cliName}": crate "${owner.name}" already has a binary of that name (cargo would overwrite one with the other). Choose another --cliName.`);
  }

  if (schema.description !== undefined && typeof schema.description !== 'string') throw new Error('The description must be a string.');
  // Text that would show as nothing (blanks, control characters) gets the default.
  const description = oneLine(schema.description ?? '') !== '' ? schema.description! : `${titleOf(name)} system: processes items under a validated configuration`;

  return { name, directory, crateDir, description, cli, cliName, bench, deps: resolveDeps(schema.deps, name, ws) };
}

function flag(value: unknown, option: string): boolean {
  if (value === undefined) return true;
  if (typeof value !== 'boolean') throw new Error(`The ${option} option must be true or false.`);
  return value;
}

/**
 * The folder most member crates live in (their parent folders counted, ties going to the one
 * listed first); else the fixed part of a `dir/*` members glob; else `crates`.
 */
export function defaultDirectory(ws: CargoWorkspace): string {
  const counts = new Map<string, number>();
  for (const crate of ws.crates) {
    if (crate.dir === '') continue;
    const parent = dirOf(crate.dir);
    counts.set(parent, (counts.get(parent) ?? 0) + 1);
  }
  let best: string | undefined;
  for (const [dir, count] of counts) if (best === undefined || count > counts.get(best)!) best = dir;
  if (best !== undefined) return best;
  const glob = ws.members.map((m) => joinRelative('', m)).find((m) => isGlob(m) && !isGlob(dirOf(m)) && isWithin(m, ''));
  return glob !== undefined ? dirOf(glob) : 'crates';
}

/** `directory` relative to the workspace root, `.` and `..` resolved; refuses anything outside it. */
export function normalizeDirectory(raw: unknown): string {
  if (typeof raw !== 'string') throw new Error('The directory must be a string.');
  const quoted = JSON.stringify(raw);
  if (/^[\\/]/.test(raw) || /^[A-Za-z]:/.test(raw)) {
    throw new Error(`Invalid directory ${quoted}: it must be relative to the workspace root, not absolute.`);
  }
  if (!/^[A-Za-z0-9._@+ /\\-]*$/.test(raw)) {
    throw new Error(`Invalid directory ${quoted}: only ASCII letters, digits, spaces and "_", "-", ".", "@", "+", "/" are allowed (a "*", "?" or "[" would make the members entry a glob).`);
  }
  const dir = joinRelative('', raw.replace(/\\/g, '/'));
  if (!isWithin(dir, '')) throw new Error(`Invalid directory ${quoted}: it is outside the workspace.`);
  const parts = dir === '' ? [] : dir.split('/');
  if (parts.some((part) => part !== part.trim())) throw new Error(`Invalid directory ${quoted}: a folder name cannot start or end with a space.`);
  if (parts[0] === 'target' || parts[0] === 'node_modules') {
    throw new Error(`Invalid directory ${quoted}: ${parts[0]}/ holds build output or installed packages, which tools delete.`);
  }
  return dir;
}

/** The nearest folder at or above `dir` (the root excluded) whose Cargo.toml has its own `[workspace]`. */
function enclosingWorkspace(tree: Tree, dir: string): string | undefined {
  for (let d = dir; d !== ''; d = dirOf(d)) {
    const file = manifestIn(d);
    if (!tree.isFile(file)) continue;
    const parsed = parseToml(tree.read(file, 'utf-8') ?? '', file);
    if (parsed.ok && parsed.value.workspace !== undefined) return d;
  }
  return undefined;
}

/** `deps` as workspace crates with a library, each named once. */
function resolveDeps(raw: unknown, name: string, ws: CargoWorkspace): WorkspaceCrate[] {
  if (raw === undefined) return [];
  const list = typeof raw === 'string' ? [raw] : raw;
  if (!Array.isArray(list) || !list.every((d) => typeof d === 'string')) throw new Error('The deps option must be a string or an array of strings.');
  const names = [...new Set(list.flatMap((d) => d.split(',')).map((d) => d.trim()).filter((d) => d !== ''))];
  return names.map((dep) => {
    if (dep === name) throw new Error(`Invalid deps entry "${dep}": the crate cannot depend on itself.`);
    const crate = ws.crates.find((c) => c.name === dep);
    if (!crate) {
      const similar = ws.crates.find((c) => libName(c.name) === libName(dep));
      const hint = similar ? ` Did you mean "${similar.name}"?` : ws.crates.length ? ` Its crates: ${ws.crates.map((c) => c.name).join(', ')}.` : ' It has no crates yet.';
      throw new Error(`Invalid deps entry "${dep}": no crate of the Cargo workspace has that name.${hint}`);
    }
    if (!crate.hasLib) throw new Error(`Invalid deps entry "${dep}": that crate has no library to depend on (it only builds binaries).`);
    return crate;
  });
}
