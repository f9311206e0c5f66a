import { isDeepStrictEqual } from 'node:util';
import { parseToml, type TomlTable } from '../../cargo/toml';
import { tomlInline, tomlKey, tomlString } from './escape';
import { lineEndOf, lineStartOf, scanArray, scanTables, type TomlTableSpan } from './toml-scan';

/** What the generator adds to the root Cargo.toml. Nothing else in it changes. */
export interface RootManifestEdits {
  /** A `workspace.members` entry; undefined when an existing entry already covers the crate. */
  member?: string;
  /** `[workspace.package]` keys to add (they are missing). */
  workspacePackage: Record<string, string>;
  /** `[workspace.dependencies]` entries to add (they are missing). */
  workspaceDependencies: Record<string, unknown>;
}

/**
 * The root Cargo.toml's text with the edits made as insertions: comments, order, spacing and
 * line endings are kept. The result is parsed back and must equal the original document plus
 * the edits; when it does not (a form of TOML this does not edit, such as `workspace` written
 * as an inline table), this throws before anything is written.
 */
export function editRootManifest(text: string, edits: RootManifestEdits): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  let out = text;
  if (edits.member !== undefined) out = addMember(out, edits.member, eol);
  for (const [key, value] of Object.entries(edits.workspacePackage)) {
    out = addEntry(out, ['workspace', 'package'], `${tomlKey(key)} = ${tomlString(value)}`, eol);
  }
  for (const [key, value] of Object.entries(edits.workspaceDependencies)) {
    out = addEntry(out, ['workspace', 'dependencies'], `${tomlKey(key)} = ${tomlInline(value)}`, eol);
  }
  verify(text, out, edits);
  return out;
}

function addMember(text: string, member: string, eol: string): string {
  const entry = scanTables(text)
    .flatMap((t) => t.entries)
    .find((e) => e.path.length === 2 && e.path[0] === 'workspace' && e.path[1] === 'members');
  if (!entry) return addEntry(text, ['workspace'], `members = [${tomlString(member)}]`, eol);
  if (text[entry.valueStart] !== '[') throw new Error('Cargo.toml: workspace.members is not an array.');
  return addArrayElement(text, entry.valueStart, tomlString(member), eol);
}

/**
 * Appends `element` to the array at `open`, in the array's own style: on a line of its own with
 * the previous element's indentation in a multi-line array, after `, ` in a one-line array; a
 * trailing comma is kept when the array has one.
 */
export function addArrayElement(text: string, open: number, element: string, eol: string): string {
  const array = scanArray(text, open);
  const multiline = text.slice(open, array.close).includes('\n');
  const last = array.elements[array.elements.length - 1];
  if (!last) {
    if (!multiline) return text.slice(0, open + 1) + element + text.slice(array.close);
    // An empty multi-line array (perhaps holding comments): a line of its own before `]`, which
    // starts its line (only a line break can come between a comment and it).
    const closeLine = lineStartOf(text, array.close);
    return insert(text, closeLine, `${indentAt(text, closeLine)}    ${element},${eol}`);
  }
  const anchor = array.trailingComma ?? last.end;
  const anchorLineEnd = lineEndOf(text, anchor);
  if (!multiline || anchorLineEnd > array.close) {
    // One line, or `]` on the last element's line: continue that line.
    return insert(text, last.end, `, ${element}`);
  }
  // The indentation of the last element's line, unless that is the line of `key = [`.
  const lastLine = lineStartOf(text, last.start);
  const indent = lastLine === lineStartOf(text, open) ? `${indentAt(text, lineStartOf(text, array.close))}    ` : indentAt(text, lastLine);
  const withNew = insert(text, anchorLineEnd, `${eol}${indent}${element}${array.trailingComma !== undefined ? ',' : ''}`);
  return array.trailingComma !== undefined ? withNew : insert(withNew, last.end, ',');
}

/**
 * Adds `line` as the last entry of table `path`; when there is no such `[table]`, writes one,
 * right after the last table of the same top-level name (so `[workspace.package]` lands next to
 * `[workspace]`), or at the end of the file.
 */
function addEntry(text: string, path: string[], line: string, eol: string): string {
  const tables = scanTables(text);
  const table = tables.find((t) => !t.array && samePath(t.path, path));
  if (table) return insert(text, lastLineEnd(table), `${eol}${line}`);
  const header = `[${path.map(tomlKey).join('.')}]${eol}${line}`;
  const sibling = [...tables].reverse().find((t) => t.path.length > 0 && t.path[0] === path[0]);
  if (sibling) return insert(text, lastLineEnd(sibling), `${eol}${eol}${header}`);
  const trimmed = text.replace(/\s*$/, '');
  return trimmed === '' ? `${header}${eol}` : `${trimmed}${eol}${eol}${header}${eol}`;
}

function lastLineEnd(table: TomlTableSpan): number {
  const last = table.entries[table.entries.length - 1];
  return last ? last.lineEnd : table.headerEnd;
}

/** The spaces and tabs that start the line at `lineStart`. */
function indentAt(text: string, lineStart: number): string {
  return /^[ \t]*/.exec(text.slice(lineStart, lineEndOf(text, lineStart)))![0];
}

function insert(text: string, at: number, what: string): string {
  return text.slice(0, at) + what + text.slice(at);
}

function samePath(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((part, i) => part === b[i]);
}

/** The edited text must read as the original document plus exactly the edits. */
function verify(before: string, after: string, edits: RootManifestEdits): void {
  const failure = `Cannot edit the root Cargo.toml automatically to add ${describe(edits)}: it is written in a form this generator does not edit. Add it by hand and run the generator again`;
  const actual = parseToml(after, 'Cargo.toml');
  if (!actual.ok) throw new Error(`${failure}.`);
  // Expected values are made by smol-toml too, so both sides are objects of the same kind.
  const expected = read(before);
  const workspace = (expected.workspace ??= read('')) as TomlTable;
  if (edits.member !== undefined) {
    const members = (workspace.members ??= []) as unknown[];
    members.push(edits.member);
  }
  const add = (table: string, entries: Record<string, unknown>) => {
    if (Object.keys(entries).length === 0) return;
    const target = (workspace[table] ??= read('')) as TomlTable;
    for (const [key, value] of Object.entries(entries)) target[key] = read(`v = ${tomlInline(value)}`).v;
  };
  add('package', edits.workspacePackage);
  add('dependencies', edits.workspaceDependencies);
  if (!isDeepStrictEqual(actual.value, expected)) throw new Error(`${failure}.`);
}

/** TOML the generator knows to be valid: the original manifest, or values of its own making. */
function read(text: string): TomlTable {
  const parsed = parseToml(text, 'Cargo.toml');
  if (!parsed.ok) throw new Error(`root-manifest: unexpected invalid TOML: ${parsed.problem.message}`);
  return parsed.value;
}

function describe(edits: RootManifestEdits): string {
  const parts: string[] = [];
  if (edits.member !== undefined) parts.push(`"${edits.member}" to workspace.members`);
  for (const key of Object.keys(edits.workspacePackage)) parts.push(`workspace.package.${key}`);
  for (const key of Object.keys(edits.workspaceDependencies)) parts.push(`workspace.dependencies.${key}`);
  return parts.join(', ');
}

