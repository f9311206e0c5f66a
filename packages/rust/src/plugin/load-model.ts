import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileListFs, loadCargoModel, type CargoModel } from '../cargo';
import { insideRootOf } from './inside-root';
import { TomlCache, workspaceDataDir } from './model-cache';
import { PLUGIN_VERSION, readSnapshot, writeSnapshot } from './model-snapshot';
import { contentHash } from './content-hash';

const TOML_CACHE_FILE = 'ms-rust-cargo-files.v1.json';
const SNAPSHOTS_DIR = 'ms-rust-models';

const isCargoFile = (f: string) => /(^|\/)Cargo\.(toml|lock)$/.test(f);

/**
 * Builds the cargo model of an Nx workspace from the files Nx matched (manifests, lockfiles and
 * the files cargo's target discovery looks at). Two caches in Nx's workspace data folder spare
 * the work: the last whole models (one per set of files, so per plugin entry of nx.json) while no
 * Cargo file changed and no discovered file came or went, else parsed Cargo files by content, so
 * only changed files are parsed again.
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
  const key = contentHash([PLUGIN_VERSION, workspaceRoot, files.join('\n'), ...cargoFiles.map((f) => `${f}\n${readFile(f) ?? ''}`)]);
  const snapshots = join(dataDir, SNAPSHOTS_DIR);
  let model = useCache ? readSnapshot(snapshots, key) : undefined;
  if (!model) {
    const cache = new TomlCache(useCache ? join(dataDir, TOML_CACHE_FILE) : undefined, (path) => existsSync(join(workspaceRoot, path)));
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
    if (useCache) writeSnapshot(snapshots, key, model);
  }
  return model;
}
