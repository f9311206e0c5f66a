import type { AST } from 'toml-eslint-parser';
import { keyName, parseTomlTree, replaceRange, tablesOf } from '../cargo/toml-edit';

/**
 * Cargo.lock with a workspace crate's new version, edited as cargo itself would write it: the
 * crate's `[[package]]` entry (the one without `source`: path packages have none) and the
 * `"name version"` references to it (cargo adds the version to a reference only when two
 * packages share the name). Nothing else changes, so no registry or network is needed.
 * Undefined when the lockfile has no entry for the crate (it is out of date with the manifests).
 */
export function lockWithVersion(text: string, file: string, crate: string, newVersion: string): { text: string; from: string } | undefined {
  const packages = tablesOf(parseTomlTree(text, file)).filter((t) => t.kind === 'array' && t.resolvedKey[0] === 'package');
  const field = (table: AST.TOMLTable, name: string) => table.body.find((e) => e.key.keys.length === 1 && keyName(e.key.keys[0]) === name)?.value;
  const own = packages.find((t) => stringOf(field(t, 'name')) === crate && field(t, 'source') === undefined);
  const version = own && field(own, 'version');
  const from = stringOf(version);
  if (!version || from === undefined) return undefined;

  const edits: Array<{ range: [number, number]; text: string }> = [{ range: version.range, text: `"${newVersion}"` }];
  for (const table of packages) {
    const deps = field(table, 'dependencies');
    if (deps?.type !== 'TOMLArray') continue;
    for (const element of deps.elements) {
      if (stringOf(element) === `${crate} ${from}`) edits.push({ range: element.range, text: `"${crate} ${newVersion}"` });
    }
  }
  let out = text;
  for (const edit of edits.sort((a, b) => b.range[0] - a.range[0])) out = replaceRange(out, edit.range, edit.text);
  return { text: out, from };
}

function stringOf(node: AST.TOMLContentNode | undefined): string | undefined {
  return node?.type === 'TOMLValue' && node.kind === 'string' ? node.value : undefined;
}
