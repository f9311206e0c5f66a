import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { hashArray } from '@nx/devkit';
import { parseToml, type TomlResult } from '../cargo';
import { writeAtomically } from '../fs/write-atomically';

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

  constructor(private readonly file: string | undefined) {
    if (!file) return;
    try {
      this.entries = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      this.entries = {};
    }
  }

  /** Parses `text` of `path`, from the cache when the content is unchanged. */
  parse(path: string, text: string): TomlResult {
    const hash = hashArray([text]);
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

  /** Writes the entries used in this run (dropping deleted files), atomically. */
  save(): void {
    if (!this.file) return;
    if (!this.dirty && Object.keys(this.used).length === Object.keys(this.entries).length) return;
    try {
      writeAtomically(this.file, JSON.stringify(this.used));
    } catch {
      // A cache that cannot be written only costs speed next time.
    }
  }
}

/** Nx's workspace data folder (`.nx/workspace-data`, or where NX_WORKSPACE_DATA_DIRECTORY points). */
export function workspaceDataDir(workspaceRoot: string): string {
  const configured = process.env.NX_WORKSPACE_DATA_DIRECTORY ?? process.env.NX_PROJECT_GRAPH_CACHE_DIRECTORY;
  return configured ? resolve(workspaceRoot, configured) : join(workspaceRoot, '.nx', 'workspace-data');
}
