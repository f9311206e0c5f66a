import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { scanSourceReads, type CargoModel, type SourceReads } from '../cargo';

/** Each `.rs` file's scan, kept while the file's size and modification time stay the same. */
const scans = new Map<string, { stamp: string; root: string; reads: SourceReads }>();

/**
 * What each crate's sources include (see `scanSourceReads`), from the `.rs` files Nx matched. Each
 * file belongs to the deepest crate folder holding it; files under a `target/` folder are skipped.
 * Sources are read here and never cached to disk: the answer follows every edit.
 */
export function crateSourceReads(workspaceRoot: string, model: CargoModel, files: readonly string[]): Map<string, SourceReads> {
  const roots = new Set(model.crates.map((c) => c.root));
  const reads = new Map<string, SourceReads>(model.crates.map((c) => [c.root, { markdown: false, outside: [], env: [] }]));
  for (const path of files) {
    if (!path.endsWith('.rs') || /(^|\/)target\//.test(path)) continue;
    const root = owningRoot(path, roots);
    if (root === undefined) continue;
    const scan = scanFile(workspaceRoot, path, root);
    if (!scan) continue;
    const into = reads.get(root)!;
    into.markdown ||= scan.markdown;
    if (scan.outside.length) into.outside = [...new Set([...into.outside, ...scan.outside])].sort();
    if (scan.env.length) into.env = [...new Set([...into.env, ...scan.env])].sort();
  }
  return reads;
}

function owningRoot(path: string, roots: ReadonlySet<string>): string | undefined {
  for (let dir = path; dir !== ''; ) {
    dir = dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : '';
    if (roots.has(dir)) return dir;
  }
  return undefined;
}

function scanFile(workspaceRoot: string, path: string, root: string): SourceReads | undefined {
  const absolute = join(workspaceRoot, path);
  try {
    const st = statSync(absolute);
    const stamp = `${st.size}:${st.mtimeMs}`;
    const hit = scans.get(absolute);
    if (hit && hit.stamp === stamp && hit.root === root) return hit.reads;
    const reads = scanSourceReads(root, [{ path, text: readFileSync(absolute, 'utf8') }]);
    scans.set(absolute, { stamp, root, reads });
    return reads;
  } catch {
    return undefined;
  }
}
