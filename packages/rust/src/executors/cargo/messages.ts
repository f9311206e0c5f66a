import { isAbsolute, join } from 'node:path';

/** The JSON messages cargo prints with `--message-format=json*` that the executor reads. */
export interface CompilerArtifact {
  reason: 'compiler-artifact';
  package_id: string;
  manifest_path: string;
  target: { kind: string[]; crate_types?: string[]; name: string; src_path: string };
  profile: { test: boolean };
  filenames: string[];
  executable: string | null;
  fresh: boolean;
}

export interface CompilerMessage {
  reason: 'compiler-message';
  package_id: string;
  manifest_path: string;
  message: { level: string; rendered: string | null; message: string };
}

export interface BuildFinished {
  reason: 'build-finished';
  success: boolean;
}

export type CargoMessage = CompilerArtifact | CompilerMessage | BuildFinished | { reason: string };

/** A line of cargo's output: one of its JSON messages, or text. */
export function parseMessage(line: string): CargoMessage | undefined {
  if (!line.startsWith('{"reason":')) return undefined;
  try {
    return JSON.parse(line) as CargoMessage;
  } catch {
    return undefined;
  }
}

/**
 * The package whose build script failed, from the plain-text report that opens with
 * ``error: failed to run custom build command for `a v0.1.0 (/path/to/a)` `` (cargo prints no JSON
 * message for it; the indented lines after it hold what the script printed). A path package comes
 * with its manifest; a registry package (`cc v1.0.0`, no folder) without.
 */
export function failedBuildScript(plain: string): { package: string; manifestPath?: string } | undefined {
  const m = /^error: failed to run custom build command for `(\S+ v\S+)(?: \((.+)\))?`/.exec(plain);
  if (!m) return undefined;
  return m[2] && isAbsolute(m[2]) ? { package: m[1], manifestPath: join(m[2], 'Cargo.toml') } : { package: m[1] };
}

/**
 * A line that continues such a report: blank, `Caused by:`, a `note:`, or indented (the script's
 * output), but not one of cargo's status lines (`   Compiling a v0.1.0`, the word right-aligned to
 * column 12), which another job may print right after the report.
 */
export function continuesReport(plain: string): boolean {
  if (plain.trim() === '' || plain === 'Caused by:' || /^(?:note|help): /.test(plain)) return true;
  return /^\s/.test(plain) && !isStatusLine(plain);
}

/** One of cargo's status lines: `   Compiling a v0.1.0 (…)`, `    Finished …`, the word right-aligned to column 12. */
export function isStatusLine(plain: string): boolean {
  const status = /^( +)([A-Z][a-z]+) /.exec(plain);
  return !!status && status[1].length + status[2].length === 12;
}

/** Artifacts a user runs or links: binaries and C-compatible libraries, not rlibs or test harnesses. */
const FINAL_KINDS = new Set(['bin', 'cdylib', 'staticlib', 'dylib']);

/** The files of an artifact worth copying out of the target folder (no debug-info side files). */
export function finalFiles(artifact: CompilerArtifact): string[] {
  if (artifact.profile.test || !artifact.target.kind.some((k) => FINAL_KINDS.has(k))) return [];
  if (artifact.executable) return [artifact.executable];
  return artifact.filenames.filter((f) => !/\.(rlib|rmeta|d|pdb|dwp)$/.test(f));
}
