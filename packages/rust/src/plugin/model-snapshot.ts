import { readdirSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import type { CargoModel } from '../cargo';
import { writeAtomically } from '../fs/write-atomically';

/**
 * Snapshots of whole cargo models, kept in a folder of Nx's workspace data folder, one file per
 * key, and reused while their key matches. The key covers the content of every Cargo.toml and
 * Cargo.lock and the names (never the content) of the files cargo's target discovery looks at,
 * plus the plugin's version: nothing else goes into the model. Each plugin entry of nx.json sees
 * its own files (its `include`/`exclude`), so its models have keys of their own and entries
 * never overwrite each other's snapshot.
 */
export function readSnapshot(dir: string, key: string): CargoModel | undefined {
  const file = snapshotFile(dir, key);
  try {
    const text = readFileSync(file, 'utf8');
    // The key leads the file, so a stale snapshot is recognised without parsing it.
    const newline = text.indexOf('\n');
    if (text.slice(0, newline) !== key) return undefined;
    const model = JSON.parse(text.slice(newline + 1));
    for (const lock of model.lockfiles) lock.packages = new Map(lock.packages);
    // Marks it as in use, so that pruning keeps it.
    const now = new Date();
    utimesSync(file, now, now);
    return model as CargoModel;
  } catch {
    return undefined;
  }
}

/** Writes the snapshot of `key`, then removes all but the `keep` most recently used ones. */
export function writeSnapshot(dir: string, key: string, model: CargoModel, keep = SNAPSHOTS_KEPT): void {
  try {
    const lockfiles = model.lockfiles.map((lock) => ({ ...lock, packages: [...lock.packages] }));
    writeAtomically(snapshotFile(dir, key), `${key}\n${JSON.stringify({ ...model, lockfiles })}`);
    pruneSnapshots(dir, keep);
  } catch {
    // A snapshot that cannot be written only costs speed next time.
  }
}

/**
 * Enough for several plugin entries each keeping its latest model, while older models (of files
 * since changed) go: a snapshot is read only while every Cargo file is as it was.
 */
const SNAPSHOTS_KEPT = 8;

function snapshotFile(dir: string, key: string): string {
  return join(dir, `${key.replace(/[^A-Za-z0-9_-]/g, '_')}.json`);
}

function pruneSnapshots(dir: string, keep: number): void {
  const used = (name: string) => {
    try {
      return statSync(join(dir, name)).mtimeMs;
    } catch {
      return 0;
    }
  };
  const snapshots = readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => ({ name, at: used(name) }))
    .sort((a, b) => b.at - a.at);
  for (const { name } of snapshots.slice(keep)) rmSync(join(dir, name), { force: true });
}

/**
 * The shape of what the plugin keeps between graph computations (the model, the source scans):
 * raised whenever it changes, so that a build of the same version never reads an older shape.
 */
const CACHE_FORMAT = 5;

/** The plugin's version and cache format, so that a new release never reads an older release's caches. */
export const PLUGIN_VERSION: string = (() => {
  try {
    return `${JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')).version}+cache.${CACHE_FORMAT}`;
  } catch {
    return `unknown+cache.${CACHE_FORMAT}`;
  }
})();
