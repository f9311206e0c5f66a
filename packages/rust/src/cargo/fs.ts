import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { dirOf } from './paths';

/** The little of the file system the cargo model needs; paths are relative to `root`. */
export interface ModelFs {
  readFile(path: string): string | undefined;
  /** Entries of a folder (undefined if it does not exist), with whether each is a folder. */
  listDir(path: string): ReadonlyArray<DirEntry> | undefined;
  isFile(path: string): boolean;
}

export interface DirEntry {
  name: string;
  isDir: boolean;
}

/**
 * The real file system under `root`. Folder listings are memoised, and a path is looked up in
 * its parent's listing before touching the disk: target discovery probes many paths that do not
 * exist (`examples/`, `benches/`, `src/main.rs`, …), and failed syscalls are the slow part.
 */
export function nodeFs(root: string): ModelFs {
  const listings = new Map<string, Map<string, DirEntry> | undefined>();
  const listing = (path: string): Map<string, DirEntry> | undefined => {
    if (listings.has(path)) return listings.get(path);
    let result: Map<string, DirEntry> | undefined;
    const parent = path === '' ? undefined : listing(dirOf(path));
    const name = path.slice(path.lastIndexOf('/') + 1);
    if (path === '' || parent?.get(name)?.isDir) {
      result = readListing(join(root, path));
    }
    listings.set(path, result);
    return result;
  };
  return {
    readFile(path) {
      try {
        return readFileSync(join(root, path), 'utf8');
      } catch {
        return undefined;
      }
    },
    listDir(path) {
      const entries = listing(path);
      return entries && [...entries.values()];
    },
    isFile(path) {
      const entry = listing(dirOf(path))?.get(path.slice(path.lastIndexOf('/') + 1));
      return entry !== undefined && !entry.isDir;
    },
  };
}

function readListing(abs: string): Map<string, DirEntry> | undefined {
  try {
    const entries = new Map<string, DirEntry>();
    for (const e of readdirSync(abs, { withFileTypes: true })) {
      const isDir = e.isDirectory() || (e.isSymbolicLink() && statSync(join(abs, e.name), { throwIfNoEntry: false })?.isDirectory() === true);
      entries.set(e.name, { name: e.name, isDir });
    }
    return entries;
  } catch {
    return undefined;
  }
}

/**
 * A ModelFs over a known list of files (for instance the files a task runner already indexed),
 * so that target discovery costs no syscalls. Folders are those implied by the paths.
 */
export function fileListFs(files: Iterable<string>, readFile: (path: string) => string | undefined): ModelFs {
  const dirs = new Map<string, Map<string, DirEntry>>();
  const add = (path: string, isDir: boolean) => {
    const parent = dirOf(path);
    let entries = dirs.get(parent);
    if (!entries) {
      entries = new Map();
      dirs.set(parent, entries);
      if (parent !== '') add(parent, true);
    }
    const name = path.slice(path.lastIndexOf('/') + 1);
    if (!entries.has(name)) entries.set(name, { name, isDir });
  };
  for (const file of files) add(file, false);
  return {
    readFile,
    listDir(path) {
      const entries = dirs.get(path);
      return entries && [...entries.values()];
    },
    isFile(path) {
      return dirs.get(dirOf(path))?.get(path.slice(path.lastIndexOf('/') + 1))?.isDir === false;
    },
  };
}
