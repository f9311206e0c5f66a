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

/** Artifacts a user runs or links: binaries and C-compatible libraries, not rlibs or test harnesses. */
const FINAL_KINDS = new Set(['bin', 'cdylib', 'staticlib', 'dylib']);

/** The files of an artifact worth copying out of the target folder (no debug-info side files). */
export function finalFiles(artifact: CompilerArtifact): string[] {
  if (artifact.profile.test || !artifact.target.kind.some((k) => FINAL_KINDS.has(k))) return [];
  if (artifact.executable) return [artifact.executable];
  return artifact.filenames.filter((f) => !/\.(rlib|rmeta|d|pdb|dwp)$/.test(f));
}
