import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashArray } from '@nx/devkit';
import { fileListFs, loadCargoModel, type CargoModel } from '../cargo';
import { insideRootOf } from './inside-root';
import { TomlCache, workspaceDataDir } from './model-cache';
import { PLUGIN_VERSION, readSnapshot, writeSnapshot } from './model-snapshot';

const TOML_CACHE_FILE = 'ms-rust-cargo-files.v1.json';
const SNAPSHOT_FILE = 'ms-rust-model.json';

/** The model of the last graph computation in this process, for createDependencies to reuse. */
let last: { workspaceRoot: string; model: CargoModel } | undefined;

const isCargoFile = (f: string) => /(^|\/)Cargo\.(toml|lock)$/.test(f);

/**
 * Builds the cargo model of an Nx workspace from the files Nx matched (manifests, lockfiles and
 * the files cargo's target discovery looks at). Two caches in Nx's workspace data folder spare
 * the work: the last whole model while no Cargo file changed and no discovered file came or went,
 * else parsed Cargo files by content, so only changed files are parsed again.
 */
export function loadModel(workspaceRoot: string, files: readonly string[], useCache = true): CargoModel {
  const dataDir = workspaceDataDir(workspaceRoot);
  const texts = new Map<string, string | undefined>();
  const readFile = (path: string) => {
    if (!texts.has(path)) {
      let text: string | undefined;
      try {
        text = readFileSync(join(workspaceRoot, path), 'utf8');
      } catch {
        text = undefined;
      }
      texts.set(path, text);
    }
    return texts.get(path);
  };
  const cargoFiles = files.filter(isCargoFile).sort();
  // The root too: an absolute path a manifest writes lies inside it or not depending on where it is.
  const key = hashArray([PLUGIN_VERSION, workspaceRoot, files.join('\n'), ...cargoFiles.map((f) => `${f}\n${readFile(f) ?? ''}`)]);
  const snapshotFile = join(dataDir, SNAPSHOT_FILE);
  let model = useCache ? readSnapshot(snapshotFile, key) : undefined;
  if (!model) {
    const cache = new TomlCache(useCache ? join(dataDir, TOML_CACHE_FILE) : undefined);
    model = loadCargoModel(
      cargoFiles.filter((f) => f.endsWith('Cargo.toml')),
      {
        fs: fileListFs(files, readFile),
        insideRoot: insideRootOf(workspaceRoot),
        readToml: (path) => {
          const text = readFile(path);
          return text === undefined ? undefined : cache.parse(path, text);
        },
      },
    );
    cache.save();
    if (useCache) writeSnapshot(snapshotFile, key, model);
  }
  last = { workspaceRoot, model };
  return model;
}

export function lastModel(workspaceRoot: string): CargoModel | undefined {
  return last?.workspaceRoot === workspaceRoot ? last.model : undefined;
}
