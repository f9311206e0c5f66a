/**
 * Where keys and array elements are written in a TOML text, for error messages: smol-toml gives
 * values only, and positions only for syntax errors. Run on the error path alone (a manifest
 * already parsed without error), so it may be lenient: it only needs to find what is there.
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

/** Every key path written in `text` (tables, keys, dotted-key prefixes, array elements) and where it starts. */
export function tomlPositions(text: string): Map<string, TomlPosition> {
  return new Scanner(text).scan();
}

class Scanner {
  private pos = 0;
  private readonly out = new Map<string, TomlPosition>();
  private readonly arrayTables = new Map<string, number>();
  private readonly lineStarts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.lineStarts.push(i + 1);
  }

  scan(): Map<string, TomlPosition> {
    let table: TomlPath = [];
    while (this.skipBlank()) {
      const start = this.pos;
      if (this.peek() === '[') {
        const array = this.text.startsWith('[[', this.pos);
        this.pos += array ? 2 : 1;
        const keys = this.keys();
        this.pos += array ? 2 : 1;
        if (array) {
          const key = pathKey(keys);
          const index = this.arrayTables.get(key) ?? 0;
          this.arrayTables.set(key, index + 1);
          this.record(keys, start);
          table = [...keys, index];
        } else table = keys;
        this.record(table, start);
      } else {
        this.keyValue(table, start);
      }
      this.skipLine();
    }
    return this.out;
  }

  /** `a.b = value`: records `a`, `a.b` (under `table`) at the key, and what the value holds. */
  private keyValue(table: TomlPath, start: number): void {
    const keys = this.keys();
    if (keys.length === 0) return;
    for (let n = 1; n <= keys.length; n++) this.record([...table, ...keys.slice(0, n)], start);
    this.skipSpaces();
    if (this.peek() !== '=') return;
    this.pos++;
    this.value([...table, ...keys]);
  }

  private value(path: TomlPath): void {
    this.skipSpaces();
    const c = this.peek();
    if (c === '[') {
      this.pos++;
      for (let index = 0; ; index++) {
        this.skipBlank(true);
        const at = this.pos;
        if (this.peek() === ']' || at >= this.text.length) break;
        this.record([...path, index], at);
        this.value([...path, index]);
        if (this.pos === at) break;
        this.skipBlank(true);
        if (this.peek() === ',') this.pos++;
      }
      this.pos++;
    } else if (c === '{') {
      this.pos++;
      for (;;) {
        this.skipSpaces();
        const at = this.pos;
        if (this.peek() === '}' || at >= this.text.length) break;
        this.keyValue(path, at);
        if (this.pos === at) break;
        this.skipSpaces();
        if (this.peek() === ',') this.pos++;
      }
      this.pos++;
    } else if (c === '"' || c === "'") {
      this.string();
    } else {
      while (this.pos < this.text.length && !/[,\]}\n#]/.test(this.text[this.pos])) this.pos++;
    }
  }

  /** A dotted key: bare or quoted parts separated by dots. Leaves `pos` after it. */
  private keys(): string[] {
    const keys: string[] = [];
    for (;;) {
      this.skipSpaces();
      const c = this.peek();
      if (c === '"' || c === "'") keys.push(this.string());
      else {
        const m = /^[A-Za-z0-9_-]+/.exec(this.text.slice(this.pos, this.pos + 256));
        if (!m) break;
        keys.push(m[0]);
        this.pos += m[0].length;
      }
      this.skipSpaces();
      if (this.peek() !== '.') break;
      this.pos++;
    }
    this.skipSpaces();
    return keys;
  }

  /** A basic or literal string, single- or multi-line; returns its text (escapes kept as written but `\"`). */
  private string(): string {
    const quote = this.peek();
    const triple = this.text.startsWith(quote.repeat(3), this.pos);
    const close = triple ? quote.repeat(3) : quote;
    this.pos += close.length;
    let out = '';
    while (this.pos < this.text.length && !this.text.startsWith(close, this.pos)) {
      if (quote === '"' && this.text[this.pos] === '\\') {
        out += this.text[this.pos + 1] ?? '';
        this.pos += 2;
        continue;
      }
      if (!triple && this.text[this.pos] === '\n') return out;
      out += this.text[this.pos++];
    }
    this.pos += close.length;
    // `"""a""""` may end with up to two more quotes that belong to the text.
    while (triple && this.peek() === quote) this.pos++;
    return out;
  }

  /** Skips spaces, newlines and comments (all of them when `inValue`, else up to the next statement); false at the end. */
  private skipBlank(inValue = false): boolean {
    for (;;) {
      const c = this.peek();
      if (c === ' ' || c === '\t' || c === '\r' || c === '\n') this.pos++;
      else if (c === '#') this.skipComment();
      else return inValue || this.pos < this.text.length;
    }
  }

  private skipSpaces(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.pos++;
  }

  private skipComment(): void {
    while (this.pos < this.text.length && this.text[this.pos] !== '\n') this.pos++;
  }

  /** Past the rest of a statement's line (a trailing comment). */
  private skipLine(): void {
    this.skipSpaces();
    if (this.peek() === '#') this.skipComment();
    else if (this.peek() !== '\n' && this.pos < this.text.length) this.skipComment();
  }

  private peek(): string {
    return this.text[this.pos] ?? '';
  }

  private record(path: TomlPath, offset: number): void {
    const key = pathKey(path);
    if (!this.out.has(key)) this.out.set(key, this.positionOf(offset));
  }

  private positionOf(offset: number): TomlPosition {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.lineStarts[lo] + 1 };
  }
}
