import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { scanSourceReads, type CargoModel, type SourceReads } from '../cargo';
import { PLUGIN_VERSION } from './model-snapshot';
import { workspaceDataDir } from './model-cache';
import { writeAtomically } from '../files/write-atomically';

const SCANS_FILE = 'ms-rust-source-scans.v1.json';

/**
 * A file's scan, valid while its stamp holds: size, modification and change times, inode. The
 * change time moves on every write and no tool can set it back, so a new content misses, except
 * for two writes within one tick of the file system's clock: as git does with its index, a scan
 * of a file written less than `RACY_MS` before it is never trusted (`trusted: false`).
 */
type Scan = { stamp: string; root: string; reads: SourceReads; trusted: boolean };
const RACY_MS = 2000;

/** Scans by path (relative to the workspace), per workspace, kept in memory and in Nx's workspace data folder. */
const memory = new Map<string, { version: string; scans: Record<string, Scan> }>();

/**
 * What each crate's sources include (see `scanSourceReads`), from the `.rs` files Nx matched. Each
 * file belongs to the deepest crate folder holding it; files under a `target/` folder are skipped.
 */
export function crateSourceReads(workspaceRoot: string, model: CargoModel, files: readonly string[]): Map<string, SourceReads> {
  const cacheFile = join(workspaceDataDir(workspaceRoot), SCANS_FILE);
  const previous = loadScans(workspaceRoot, cacheFile);
  const current: Record<string, Scan> = {};
  let changed = false;
  const roots = new Set(model.crates.map((c) => c.root));
  const reads = new Map<string, SourceReads>(model.crates.map((c) => [c.root, { markdown: false, outside: [], env: [] }]));
  for (const path of files) {
    if (!path.endsWith('.rs') || /(^|\/)target\//.test(path)) continue;
    const root = owningRoot(path, roots);
    if (root === undefined) continue;
    const stat = statOf(join(workspaceRoot, path));
    if (stat === undefined) continue;
    const { stamp, changedMs } = stat;
    let scan = previous[path];
    if (!scan || !scan.trusted || scan.stamp !== stamp || scan.root !== root) {
      let text: string;
      try {
        text = readFileSync(join(workspaceRoot, path), 'utf8');
      } catch {
        continue;
      }
      scan = { stamp, root, reads: scanSourceReads(root, [{ path, text }]), trusted: Date.now() - changedMs > RACY_MS };
      changed = true;
    }
    current[path] = scan;
    const into = reads.get(root)!;
    into.markdown ||= scan.reads.markdown;
    if (scan.reads.outside.length) into.outside = [...new Set([...into.outside, ...scan.reads.outside])].sort();
    if (scan.reads.env.length) into.env = [...new Set([...into.env, ...scan.reads.env])].sort();
  }
  if (changed || Object.keys(current).length !== Object.keys(previous).length) saveScans(workspaceRoot, cacheFile, current);
  return reads;
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
