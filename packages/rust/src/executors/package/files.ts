import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The kinds of documents a release archive carries beside the binaries, by file-name prefix. */
export const DOCUMENT_KINDS = ['README', 'LICENSE', 'CHANGELOG'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export interface Documents {
  /** Absolute paths of the files to include, sorted by name. */
  files: string[];
  /** Kinds found in neither folder. */
  missing: DocumentKind[];
}

/**
 * README*, LICENSE* and CHANGELOG* (regular files, names as written, case-sensitive) for a crate's
 * archive: for each kind, the crate folder's files when it has any, else the Cargo workspace
 * root's. `LICENSE-MIT` and `LICENSE-APACHE` both count as LICENSE.
 */
export function selectDocuments(crateDir: string, workspaceDir: string): Documents {
  const inCrate = documentsIn(crateDir);
  const inWorkspace = crateDir === workspaceDir ? inCrate : documentsIn(workspaceDir);
  const files: string[] = [];
  const missing: DocumentKind[] = [];
  for (const kind of DOCUMENT_KINDS) {
    const own = inCrate.get(kind) ?? [];
    const chosen = own.length ? own.map((n) => join(crateDir, n)) : (inWorkspace.get(kind) ?? []).map((n) => join(workspaceDir, n));
    if (!chosen.length) missing.push(kind);
    files.push(...chosen);
  }
  return { files: files.sort((a, b) => (baseName(a) < baseName(b) ? -1 : baseName(a) > baseName(b) ? 1 : 0)), missing };
}

function documentsIn(dir: string): Map<DocumentKind, string[]> {
  const found = new Map<DocumentKind, string[]>();
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return found;
  }
  for (const name of names) {
    const kind = DOCUMENT_KINDS.find((k) => name.startsWith(k));
    if (!kind) continue;
    try {
      if (!statSync(join(dir, name)).isFile()) continue;
    } catch {
      continue;
    }
    found.set(kind, [...(found.get(kind) ?? []), name]);
  }
  return found;
}

const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1).split('\\').pop()!;
