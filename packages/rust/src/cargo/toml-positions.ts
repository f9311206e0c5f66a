import type { AST } from 'toml-eslint-parser';
import { parseTomlTree } from './toml-edit';

/**
 * Where keys and array elements are written in a TOML text, for error messages: smol-toml gives
 * values only, and positions only for syntax errors. toml-eslint-parser gives the syntax tree with
 * each node's place; it runs on the error path alone (a manifest already parsed without error),
 * so it is loaded only when a position is asked for.
 */

/** A key path into a TOML document: table and key names, and array (or `[[…]]`) indexes. */
export type TomlPath = readonly (string | number)[];

export interface TomlPosition {
  /** 1-based, as cargo prints them. */
  line: number;
  column: number;
}

/**
 * The position of the first of `paths` written in `text`; when none is written whole, that of
 * the longest written prefix of any of them (a value's table, or the dotted or inline key that
 * holds it). Undefined when nothing of them is written.
 */
export function locateInToml(text: string, paths: readonly TomlPath[]): TomlPosition | undefined {
  const positions = tomlPositions(text);
  for (const path of paths) {
    const exact = positions.get(pathKey(path));
    if (exact) return exact;
  }
  let best: { length: number; at: TomlPosition } | undefined;
  for (const path of paths) {
    for (let n = path.length - 1; n > (best?.length ?? 0); n--) {
      const at = positions.get(pathKey(path.slice(0, n)));
      if (at) {
        best = { length: n, at };
        break;
      }
    }
  }
  return best?.at;
}

/** The first key written anywhere whose last segment is `name` (e.g. a legacy `crate_type`). */
export function locateKeyNamed(text: string, name: string): TomlPosition | undefined {
  for (const [key, at] of tomlPositions(text)) if (key.split(SEP).pop() === name) return at;
  return undefined;
}

const SEP = '\u0000';
const pathKey = (path: TomlPath) => path.join(SEP);

/**
 * Every key path written in `text` and where it starts, in the order written: a table header's
 * path (and an array table's own key, at its first header), each key and dotted-key prefix, and
 * each array element. Empty when the text is not TOML.
 */
export function tomlPositions(text: string): Map<string, TomlPosition> {
  let program: AST.TOMLProgram;
  try {
    // The parser is loaded only here, on the error path: valid manifests never need it.
    program = parseTomlTree(text);
  } catch {
    return new Map();
  }
  const out = new Map<string, TomlPosition>();
  const record = (path: TomlPath, node: AST.HasLocs) => {
    const key = pathKey(path);
    // 0-based columns in the tree; cargo prints 1-based ones.
    if (!out.has(key)) out.set(key, { line: node.loc.start.line, column: node.loc.start.column + 1 });
  };

  /** `a.b = value` under `table`: `a` and `a.b` at the key, then what the value holds. */
  const keyValue = (table: TomlPath, node: AST.TOMLKeyValue) => {
    const keys = node.key.keys.map(keyName);
    for (let n = 1; n <= keys.length; n++) record([...table, ...keys.slice(0, n)], node.key);
    value([...table, ...keys], node.value);
  };
  const value = (path: TomlPath, node: AST.TOMLContentNode) => {
    if (node.type === 'TOMLArray') {
      node.elements.forEach((element, index) => {
        record([...path, index], element);
        value([...path, index], element);
      });
    } else if (node.type === 'TOMLInlineTable') {
      for (const entry of node.body) keyValue(path, entry);
    }
  };

  for (const node of program.body[0].body) {
    if (node.type === 'TOMLKeyValue') {
      keyValue([], node);
      continue;
    }
    // `[[bin]]`: its resolved key ends with the index; the array itself is at its first header.
    if (node.kind === 'array') record(node.resolvedKey.slice(0, -1), node);
    record(node.resolvedKey, node);
    for (const entry of node.body) keyValue(node.resolvedKey, entry);
  }
  return out;
}

const keyName = (key: AST.TOMLBare | AST.TOMLQuoted) => (key.type === 'TOMLBare' ? key.name : key.value);
