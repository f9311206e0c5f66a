import type { AST } from 'toml-eslint-parser';

/**
 * Edits of a TOML text that keep everything else as written: each edit replaces or inserts text
 * at exact source ranges of the syntax tree toml-eslint-parser gives (smol-toml reads values
 * only, and cannot write a document back as it was). Comments, order, spacing, quoting and line
 * endings outside the edited range stay byte for byte. Values are passed as TOML text, already
 * escaped by the caller.
 */

/** Table and key names, from the document root: `members` of `[workspace]` is ['workspace', 'members']. */
export type TomlKeyPath = readonly string[];

/** The syntax tree of `text`; throws naming `file` when it is not TOML. */
export function parseTomlTree(text: string, file = 'TOML document'): AST.TOMLProgram {
  // Loaded here, not at the top: the graph path never edits TOML.
  const { parseTOML } = require('toml-eslint-parser') as typeof import('toml-eslint-parser');
  try {
    return parseTOML(text);
  } catch (e) {
    throw new Error(`${file} is not valid TOML: ${(e as Error).message}`);
  }
}

/** A value as written: its node, and the key/value entry (in a table or an inline table) holding it. */
export interface TomlValueSpot {
  node: AST.TOMLContentNode;
  entry: AST.TOMLKeyValue;
}

/**
 * The value written at `path`: under a `[table]` header, as a (dotted) key, or inside an inline
 * table (`a = { b = 1 }` holds `a.b`). Array tables (`[[bin]]`) are not looked into.
 */
export function findValue(program: AST.TOMLProgram, path: TomlKeyPath): TomlValueSpot | undefined {
  for (const node of program.body[0].body) {
    if (node.type === 'TOMLKeyValue') {
      const found = inEntry(node, [], path);
      if (found) return found;
      continue;
    }
    if (node.kind === 'array') continue;
    const table = node.resolvedKey as string[];
    if (!startsWith(path, table)) continue;
    for (const entry of node.body) {
      const found = inEntry(entry, table, path);
      if (found) return found;
    }
  }
  return undefined;
}

function inEntry(entry: AST.TOMLKeyValue, under: TomlKeyPath, path: TomlKeyPath): TomlValueSpot | undefined {
  const full = [...under, ...entry.key.keys.map(keyName)];
  if (!startsWith(path, full)) return undefined;
  if (full.length === path.length) return { node: entry.value, entry };
  if (entry.value.type !== 'TOMLInlineTable') return undefined;
  for (const inner of entry.value.body) {
    const found = inEntry(inner, full, path);
    if (found) return found;
  }
  return undefined;
}

/** The `[table]` header (not an array table) whose key is `path`. */
export function findTable(program: AST.TOMLProgram, path: TomlKeyPath): AST.TOMLTable | undefined {
  return program.body[0].body.find((n): n is AST.TOMLTable => n.type === 'TOMLTable' && n.kind === 'standard' && samePath(n.resolvedKey, path));
}

/** Every `[table]` and `[[array table]]` header, in the order written. */
export function tablesOf(program: AST.TOMLProgram): AST.TOMLTable[] {
  return program.body[0].body.filter((n): n is AST.TOMLTable => n.type === 'TOMLTable');
}

/** `text` with the value at `path` replaced by `valueText`; throws when nothing is written there. */
export function replaceValue(text: string, path: TomlKeyPath, valueText: string): string {
  const spot = findValue(parseTomlTree(text), path);
  if (!spot) throw new Error(`TOML edit: no value at ${path.join('.')}`);
  return replaceRange(text, spot.node.range, valueText);
}

/** `text` with `range` replaced by `what`. */
export function replaceRange(text: string, [start, end]: readonly [number, number], what: string): string {
  return text.slice(0, start) + what + text.slice(end);
}

/**
 * `text` with `keyText = valueText` (both TOML as written) added to table `table`: as the last entry under its `[table]`
 * header; inside the inline table written there (`x = { path = "a" }` gets `, key = …` before
 * `}`); else under a new `[table]` header, right after the last table of the same top-level name
 * (so `[workspace.package]` lands next to `[workspace]`), or at the end of the file.
 */
export function addKey(text: string, table: TomlKeyPath, keyText: string, valueText: string): string {
  const eol = lineBreakOf(text);
  const program = parseTomlTree(text);
  const line = `${keyText} = ${valueText}`;
  const header = findTable(program, table);
  if (header) return insert(text, lastLineEnd(text, header), `${eol}${line}`);
  const inline = table.length > 0 ? findValue(program, table) : undefined;
  if (inline?.node.type === 'TOMLInlineTable') return addToInlineTable(text, inline.node, line);
  if (table.length === 0) {
    // Root keys go before the first table header.
    const first = tablesOf(program)[0];
    const before = program.body[0].body.filter((n) => n.type === 'TOMLKeyValue').pop();
    if (before) return insert(text, lineEndOf(text, before.range[1]), `${eol}${line}`);
    return first ? insert(text, lineStartOf(text, first.range[0]), `${line}${eol}${eol}`) : `${line}${eol}${text}`;
  }
  const newTable = `[${table.map(quoteKey).join('.')}]${eol}${line}`;
  const sibling = tablesOf(program)
    .reverse()
    .find((t) => t.resolvedKey[0] === table[0]);
  if (sibling) return insert(text, lastLineEnd(text, sibling), `${eol}${eol}${newTable}`);
  const trimmed = text.replace(/\s*$/, '');
  return trimmed === '' ? `${newTable}${eol}` : `${trimmed}${eol}${eol}${newTable}${eol}`;
}

function addToInlineTable(text: string, table: AST.TOMLInlineTable, line: string): string {
  const last = table.body[table.body.length - 1];
  if (last) return insert(text, last.range[1], `, ${line}`);
  return replaceRange(text, table.range, `{ ${line} }`);
}

/**
 * `text` with `element` appended to the array at `path`, in the array's own style: on a line of
 * its own with the previous element's indentation in a multi-line array, after `, ` in a one-line
 * array; a trailing comma is kept when the array has one. Throws when `path` holds no array.
 */
export function appendToArray(text: string, path: TomlKeyPath, element: string): string {
  const eol = lineBreakOf(text);
  const program = parseTomlTree(text);
  const spot = findValue(program, path);
  if (spot?.node.type !== 'TOMLArray') throw new Error(`TOML edit: ${path.join('.')} is not an array`);
  const array = spot.node;
  const [open, end] = array.range;
  const close = end - 1;
  const multiline = text.slice(open, close).includes('\n');
  const last = array.elements[array.elements.length - 1];
  if (!last) {
    if (!multiline) return replaceRange(text, [open + 1, close], element);
    // An empty multi-line array (perhaps holding comments): a line of its own before `]`, which
    // starts its line (only a line break can come between a comment and it).
    const closeLine = lineStartOf(text, close);
    return insert(text, closeLine, `${indentAt(text, closeLine)}    ${element},${eol}`);
  }
  const trailingComma = program.tokens.find((t) => t.type === 'Punctuator' && t.value === ',' && t.range[0] >= last.range[1] && t.range[0] < close)?.range[0];
  const anchorLineEnd = lineEndOf(text, trailingComma ?? last.range[1]);
  if (!multiline || anchorLineEnd > close) {
    // One line, or `]` on the last element's line: continue that line.
    return insert(text, last.range[1], `, ${element}`);
  }
  // The indentation of the last element's line, unless that is the line of `key = [`.
  const lastLine = lineStartOf(text, last.range[0]);
  const indent = lastLine === lineStartOf(text, open) ? `${indentAt(text, lineStartOf(text, close))}    ` : indentAt(text, lastLine);
  const withNew = insert(text, anchorLineEnd, `${eol}${indent}${element}${trailingComma !== undefined ? ',' : ''}`);
  return trailingComma !== undefined ? withNew : insert(withNew, last.range[1], ',');
}

/** The text's line break: CRLF when it uses one anywhere, else LF. */
export function lineBreakOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** Offset of the line break ending the line that holds `i` (of `\r` in `\r\n`), or the text's length. */
export function lineEndOf(text: string, i: number): number {
  const nl = text.indexOf('\n', i);
  if (nl === -1) return text.length;
  return text[nl - 1] === '\r' ? nl - 1 : nl;
}

export function lineStartOf(text: string, i: number): number {
  return text.lastIndexOf('\n', i - 1) + 1;
}

/** End of a table's last line: its last entry's (after any comment), or its header's. */
function lastLineEnd(text: string, table: AST.TOMLTable): number {
  const last = table.body[table.body.length - 1];
  return lineEndOf(text, last ? last.range[1] : table.key.range[1]);
}

/** The spaces and tabs that start the line at `lineStart`. */
function indentAt(text: string, lineStart: number): string {
  return /^[ \t]*/.exec(text.slice(lineStart, lineEndOf(text, lineStart)))![0];
}

function insert(text: string, at: number, what: string): string {
  return text.slice(0, at) + what + text.slice(at);
}

/** A key as TOML writes it: bare when it can be, else a basic string. */
function quoteKey(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : JSON.stringify(key).replace(/\u007f/g, '\\u007F');
}

export const keyName = (key: AST.TOMLBare | AST.TOMLQuoted): string => (key.type === 'TOMLBare' ? key.name : key.value);

function startsWith(path: TomlKeyPath, prefix: readonly (string | number)[]): boolean {
  return prefix.length <= path.length && prefix.every((part, i) => part === path[i]);
}

function samePath(a: readonly (string | number)[], b: TomlKeyPath): boolean {
  return a.length === b.length && startsWith(b, a);
}
