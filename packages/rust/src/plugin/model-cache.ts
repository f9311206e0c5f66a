import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseToml, type TomlResult } from '../cargo';
import { writeAtomically } from '../fs/write-atomically';
import { contentHash } from './content-hash';

type Entry = { hash: string; value: Record<string, unknown> };

/**
 * Parsed Cargo files (Cargo.toml, Cargo.lock) keyed by path and content hash, kept in Nx's
 * workspace data folder between runs. Only Cargo files are cached, never anything derived from
 * source files; parse errors are never written, so a fixed file is always read afresh.
 */
export class TomlCache {
  private entries: Record<string, Entry> = {};
  private used: Record<string, Entry> = {};
  private dirty = false;

  /**
   * `stillThere` says whether a file this run did not parse still exists: another plugin entry of
   * nx.json (another `include`) parses other files into the same cache, and keeps them there.
   */
  constructor(
    private readonly file: string | undefined,
    private readonly stillThere: (path: string) => boolean = () => false,
  ) {
    this.entries = this.read();
  }

  /** Parses `text` of `path`, from the cache when the content is unchanged. */
  parse(path: string, text: string): TomlResult {
    const hash = contentHash([text]);
    const hit = this.entries[path];
    if (hit && hit.hash === hash) {
      this.used[path] = hit;
      return { ok: true, value: hit.value };
    }
    const result = parseToml(text, path);
    if (result.ok) {
      this.used[path] = { hash, value: result.value };
      this.dirty = true;
    }
    return result;
  }

  /** Writes the entries used in this run and those of files still there (dropping deleted ones), atomically. */
  save(): void {
    if (!this.file) return;
    const others = (entries: Record<string, Entry>) => Object.entries(entries).filter(([path]) => !(path in this.used) && this.stillThere(path));
    if (!this.dirty && Object.keys(this.used).length + others(this.entries).length === Object.keys(this.entries).length) return;
    try {
      // Read again: another entry's process may have written since.
      writeAtomically(this.file, JSON.stringify({ ...Object.fromEntries(others(this.read())), ...this.used }));
    } catch {
      // A cache that cannot be written only costs speed next time.
    }
  }

  private read(): Record<string, Entry> {
    if (!this.file) return {};
    try {
      return JSON.parse(readFileSync(this.file, 'utf8'));
    } catch {
      return {};
    }
  }
}

/** Nx's workspace data folder (`.nx/workspace-data`, or where NX_WORKSPACE_DATA_DIRECTORY points). */
export function workspaceDataDir(workspaceRoot: string): string {
  const configured = process.env.NX_WORKSPACE_DATA_DIRECTORY ?? process.env.NX_PROJECT_GRAPH_CACHE_DIRECTORY;
  return configured ? resolve(workspaceRoot, configured) : join(workspaceRoot, '.nx', 'workspace-data');
}
