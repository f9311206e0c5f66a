import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileListFs, loadCargoModel, type CargoModel } from '../cargo';
import { TomlCache, workspaceDataDir } from './model-cache';

const CACHE_FILE = 'ms-rust-cargo-files.v1.json';

/** The model of the last graph computation in this process, for createDependencies to reuse. */
let last: { workspaceRoot: string; model: CargoModel } | undefined;

/**
 * Builds the cargo model of an Nx workspace from the files Nx matched (manifests, lockfiles and
 * the files cargo's target discovery looks at), reading Cargo files through the plugin cache.
 */
export function loadModel(workspaceRoot: string, files: readonly string[], useCache = true): CargoModel {
  const cache = new TomlCache(useCache ? join(workspaceDataDir(workspaceRoot), CACHE_FILE) : undefined);
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
  const model = loadCargoModel(
    files.filter((f) => f === 'Cargo.toml' || f.endsWith('/Cargo.toml')),
    {
      fs: fileListFs(files, readFile),
      readToml: (path) => {
        const text = readFile(path);
        return text === undefined ? undefined : cache.parse(path, text);
      },
    },
  );
  cache.save();
  last = { workspaceRoot, model };
  return model;
}

export function lastModel(workspaceRoot: string): CargoModel | undefined {
  return last?.workspaceRoot === workspaceRoot ? last.model : undefined;
}
