import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CargoModel } from '../cargo';
import { writeAtomically } from '../fs/write-atomically';

/**
 * The whole cargo model of the last graph computation, kept in Nx's workspace data folder and
 * reused while its key matches. The key covers the content of every Cargo.toml and Cargo.lock
 * and the names (never the content) of the files cargo's target discovery looks at, plus the
 * plugin's version: nothing else goes into the model.
 */
export function readSnapshot(file: string, key: string): CargoModel | undefined {
  try {
    const text = readFileSync(file, 'utf8');
    // The key leads the file, so a stale snapshot is recognised without parsing it.
    const newline = text.indexOf('\n');
    if (text.slice(0, newline) !== key) return undefined;
    const model = JSON.parse(text.slice(newline + 1));
    for (const lock of model.lockfiles) lock.packages = new Map(lock.packages);
    return model as CargoModel;
  } catch {
    return undefined;
  }
}

export function writeSnapshot(file: string, key: string, model: CargoModel): void {
  try {
    const lockfiles = model.lockfiles.map((lock) => ({ ...lock, packages: [...lock.packages] }));
    writeAtomically(file, `${key}\n${JSON.stringify({ ...model, lockfiles })}`);
  } catch {
    // A snapshot that cannot be written only costs speed next time.
  }
}

/**
 * The shape of what the plugin keeps between graph computations (the model, the source scans):
 * raised whenever it changes, so that a build of the same version never reads an older shape.
 */
const CACHE_FORMAT = 4;

/** The plugin's version and cache format, so that a new release never reads an older release's caches. */
export const PLUGIN_VERSION: string = (() => {
  try {
    return `${JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')).version}+cache.${CACHE_FORMAT}`;
  } catch {
    return `unknown+cache.${CACHE_FORMAT}`;
  }
})();
