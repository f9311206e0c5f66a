import { joinWritten } from './paths';
import { asString, asTable, type TomlTable } from './toml';

/**
 * The folders of a manifest's `[patch.<source>]` and `[replace]` entries that name a path: crates
 * that stand in for registry or git packages. No dependency names their folder, so no graph edge
 * leads to them; only the workspace root's entries count (cargo ignores the others). Relative to
 * the model root, or absolute as written (see `LoadOptions.insideRoot`).
 */
export function readPatchPaths(doc: TomlTable, dir: string): string[] {
  const specs = [...Object.values(asTable(doc.patch)).flatMap((source) => Object.values(asTable(source))), ...Object.values(asTable(doc.replace))];
  const paths = specs.map((spec) => asString(asTable(spec).path)).filter((p): p is string => p !== undefined);
  return [...new Set(paths.map((p) => joinWritten(dir, p)))].sort();
}
