import { existsSync, readdirSync, readFileSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { crateReads, scanRustFile, type CargoModel, type CrateSymlink, type FileScan, type SourceReads } from '../cargo';
import { PLUGIN_VERSION } from './model-snapshot';
import { workspaceDataDir } from './model-cache';
import { writeAtomically } from '../fs/write-atomically';
import { insideRootOf, realpathOrSelf } from './inside-root';

const SCANS_FILE = 'ms-rust-source-scans.v3.json';

/**
 * A file's scan, valid while its stamp holds: size, modification and change times, inode. The
 * change time moves on every write and no tool can set it back, so a new content misses, except
 * for two writes within one tick of the file system's clock: as git does with its index, a scan
 * of a file written less than `RACY_MS` before it is never trusted (`trusted: false`).
 */
type Scan = { stamp: string; scan: FileScan; trusted: boolean };
const RACY_MS = 2000;

/** Scans by crate, kind of file and path (relative to the workspace), per workspace, kept in memory and in Nx's workspace data folder. */
const memory = new Map<string, { version: string; scans: Record<string, Scan> }>();

/**
 * What each crate's sources read (see `crateReads`), from the `.rs` files Nx matched. Each file
 * belongs to the deepest crate folder holding it; files under a `target/` folder are skipped.
 * Files outside every crate that a crate compiles are scanned as part of it.
 */
export function crateSourceReads(workspaceRoot: string, model: CargoModel, files: readonly string[]): Map<string, SourceReads> {
  const cacheFile = join(workspaceDataDir(workspaceRoot), SCANS_FILE);
  const scans: ScanCache = { previous: loadScans(workspaceRoot, cacheFile), current: {}, changed: false };
  const roots = new Set(model.crates.map((c) => c.root));
  const rsFiles = files.filter((p) => p.endsWith('.rs') && !/(^|\/)target\//.test(p));
  const owned = filesByCrate(rsFiles, roots);
  const kind = pathKinds(workspaceRoot);
  const realRoot = realpathOrSelf(workspaceRoot);
  const insideRoot = insideRootOf(workspaceRoot);
  const reads = new Map<string, SourceReads>();
  for (const crate of model.crates) {
    reads.set(
      crate.root,
      crateReads({
        crate,
        ownFiles: owned.get(crate.root)!,
        symlinks: crateSymlinks(workspaceRoot, realRoot, crate.root, roots),
        scan: (path, modRs, buildScript) => cachedScan(scans, workspaceRoot, crate.root, path, modRs, buildScript),
        kind,
        rsFilesUnder: (dir) => rsFiles.filter((f) => f.startsWith(`${dir}/`)),
        insideRoot,
      }),
    );
  }
  keepOtherCratesScans(scans, workspaceRoot, roots);
  if (scans.changed || Object.keys(scans.current).length !== Object.keys(scans.previous).length) saveScans(workspaceRoot, cacheFile, scans.current);
  return reads;
}

/** The scans stored before this run, those this run keeps, and whether any was made anew. */
interface ScanCache {
  previous: Record<string, Scan>;
  current: Record<string, Scan>;
  changed: boolean;
}

/** The `.rs` files of each crate: each file belongs to the deepest crate folder holding it. */
function filesByCrate(rsFiles: readonly string[], roots: ReadonlySet<string>): Map<string, string[]> {
  const owned = new Map<string, string[]>([...roots].map((root) => [root, []]));
  for (const path of rsFiles) {
    const root = owningRoot(path, roots);
    if (root !== undefined) owned.get(root)!.push(path);
  }
  return owned;
}

/** Whether a path (relative to the workspace) is a file, a folder or nothing, each path looked up once. */
function pathKinds(workspaceRoot: string): (path: string) => 'file' | 'dir' | undefined {
  const kinds = new Map<string, 'file' | 'dir' | undefined>();
  return (path) => {
    if (!kinds.has(path)) kinds.set(path, kindOf(resolve(workspaceRoot, path)));
    return kinds.get(path);
  };
}

function kindOf(absolute: string): 'file' | 'dir' | undefined {
  let st: ReturnType<typeof statSync> | undefined;
  try {
    st = statSync(absolute, { throwIfNoEntry: false });
  } catch {
    // A path through a file (ENOTDIR) or an unreadable folder: nothing there to hash.
  }
  return st?.isDirectory() ? 'dir' : st?.isFile() ? 'file' : undefined;
}

/** A file's scan as part of a crate: the stored one while its stamp holds and it is trusted, else a new one. */
function cachedScan(scans: ScanCache, workspaceRoot: string, crateRoot: string, path: string, modRs: boolean, buildScript: boolean): FileScan | undefined {
  const key = `${crateRoot}|${modRs ? 'm' : ''}${buildScript ? 'b' : ''}|${path}`;
  // A path beyond the Nx root (`../x`, `/x`) is read where it is: its own reads still count.
  const absolute = resolve(workspaceRoot, path);
  const stat = statOf(absolute);
  if (stat === undefined) return undefined;
  let held = scans.previous[key];
  if (!held || !held.trusted || held.stamp !== stat.stamp) {
    let text: string;
    try {
      text = readFileSync(absolute, 'utf8');
    } catch {
      return undefined;
    }
    held = { stamp: stat.stamp, scan: scanRustFile(path, text, { crateRoot, modRs, buildScript }), trusted: Date.now() - stat.changedMs > RACY_MS };
    scans.changed = true;
  }
  scans.current[key] = held;
  return held.scan;
}

/**
 * Other plugin entries of nx.json (another `include`) scan other crates into the same file: their
 * scans stay while their crate does.
 */
function keepOtherCratesScans(scans: ScanCache, workspaceRoot: string, roots: ReadonlySet<string>): void {
  const crateThere = new Map<string, boolean>();
  for (const [key, held] of Object.entries(scans.previous)) {
    const root = key.slice(0, key.indexOf('|'));
    if (key in scans.current || roots.has(root)) continue;
    if (!crateThere.has(root)) crateThere.set(root, existsSync(join(workspaceRoot, root, 'Cargo.toml')));
    if (crateThere.get(root)) scans.current[key] = held;
  }
}

/** Folders no symlink search enters: build output, VCS data, packages. */
const SKIPPED_DIRS = new Set(['target', '.git', 'node_modules', '.nx']);

/**
 * The symlinks inside a crate's folder (not inside nested crates) and where they point. Nx hashes
 * a symlinked file as its link text and never enters a symlinked folder, so what they point to
 * must be named as inputs of its own.
 */
function crateSymlinks(workspaceRoot: string, realRoot: string, crateRoot: string, roots: ReadonlySet<string>): CrateSymlink[] {
  const out: CrateSymlink[] = [];
  const walk = (dir: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(join(workspaceRoot, dir), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const rel = dir === '' ? e.name : `${dir}/${e.name}`;
      if (e.isDirectory()) {
        if (!SKIPPED_DIRS.has(e.name) && !roots.has(rel)) walk(rel);
      } else if (e.isSymbolicLink()) {
        let target: string | undefined;
        let isDir = false;
        try {
          const real = realpathSync(join(workspaceRoot, rel));
          isDir = statSync(real).isDirectory();
          const r = relative(realRoot, real).split(sep).join('/');
          target = r.startsWith('..') || isAbsolute(r) ? undefined : r;
        } catch {
          target = undefined;
        }
        out.push({ link: rel, target, isDir });
      }
    }
  };
  walk(crateRoot);
  return out;
}

function owningRoot(path: string, roots: ReadonlySet<string>): string | undefined {
  for (let dir = path; dir !== ''; ) {
    dir = dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : '';
    if (roots.has(dir)) return dir;
  }
  return undefined;
}

function statOf(absolute: string): { stamp: string; changedMs: number } | undefined {
  try {
    const st = statSync(absolute);
    return { stamp: `${st.size}:${st.mtimeMs}:${st.ctimeMs}:${st.ino}`, changedMs: Math.max(st.mtimeMs, st.ctimeMs) };
  } catch {
    return undefined;
  }
}

function loadScans(workspaceRoot: string, file: string): Record<string, Scan> {
  const held = memory.get(workspaceRoot);
  if (held?.version === PLUGIN_VERSION) return held.scans;
  try {
    const stored = JSON.parse(readFileSync(file, 'utf8'));
    if (stored?.version === PLUGIN_VERSION && stored.scans && typeof stored.scans === 'object') {
      memory.set(workspaceRoot, { version: PLUGIN_VERSION, scans: stored.scans });
      return stored.scans;
    }
  } catch {
    // No cache yet, or an unreadable one: scan everything.
  }
  return {};
}

function saveScans(workspaceRoot: string, file: string, scans: Record<string, Scan>): void {
  memory.set(workspaceRoot, { version: PLUGIN_VERSION, scans });
  try {
    writeAtomically(file, JSON.stringify({ version: PLUGIN_VERSION, scans }));
  } catch {
    // A cache that cannot be written only costs speed next time.
  }
}
