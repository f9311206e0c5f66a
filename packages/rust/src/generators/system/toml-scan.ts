/**
 * Where things are in the text of a TOML document: tables, their key/value entries, and the
 * elements of an array, as offsets. The generator edits the root Cargo.toml by inserting text at
 * these offsets, so the user's comments, order and formatting survive (smol-toml reads values,
 * but cannot write a document back as it was). Expects a document smol-toml has accepted.
 */

/** One `key = value` line (the value may span lines). */
export interface TomlEntrySpan {
  /** Table path and key: `members` under `[workspace]` is ['workspace', 'members']. */
  path: string[];
  /** Start of the line the key is on. */
  lineStart: number;
  valueStart: number;
  valueEnd: number;
  /** End of the entry's last line, after any comment, before its line break. */
  lineEnd: number;
}

/** A `[table]` or `[[array.table]]` header and the entries under it; the first span is the root table. */
export interface TomlTableSpan {
  path: string[];
  array: boolean;
  headerStart: number;
  /** End of the header line, after any comment, before its line break (0 for the root table). */
  headerEnd: number;
  entries: TomlEntrySpan[];
}

export interface TomlArraySpan {
  open: number;
  /** Offset of the closing `]`. */
  close: number;
  elements: Array<{ start: number; end: number }>;
  /** Offset of a comma after the last element, when there is one. */
  trailingComma?: number;
}

export function scanTables(text: string): TomlTableSpan[] {
  const cur = new Cursor(text);
  const tables: TomlTableSpan[] = [{ path: [], array: false, headerStart: 0, headerEnd: 0, entries: [] }];
  for (;;) {
    cur.skipSpaces();
    const c = cur.peek();
    if (c === undefined) return tables;
    if (c === '\n' || c === '\r') cur.i++;
    else if (c === '#') cur.skipComment();
    else if (c === '[') {
      const headerStart = lineStartOf(text, cur.i);
      const array = text[cur.i + 1] === '[';
      cur.i += array ? 2 : 1;
      const path = cur.key();
      cur.skipSpaces();
      cur.expect(array ? ']]' : ']');
      tables.push({ path, array, headerStart, headerEnd: cur.restOfLine(), entries: [] });
    } else {
      const lineStart = lineStartOf(text, cur.i);
      const key = cur.key();
      cur.skipSpaces();
      cur.expect('=');
      cur.skipSpaces();
      const valueStart = cur.i;
      cur.value();
      const valueEnd = cur.i;
      const table = tables[tables.length - 1];
      table.entries.push({ path: [...table.path, ...key], lineStart, valueStart, valueEnd, lineEnd: cur.restOfLine() });
    }
  }
}

/** The array whose `[` is at `open`. */
export function scanArray(text: string, open: number): TomlArraySpan {
  const cur = new Cursor(text, open);
  cur.expect('[');
  const elements: TomlArraySpan['elements'] = [];
  let trailingComma: number | undefined;
  for (;;) {
    cur.skipFiller();
    const c = cur.peek();
    if (c === ']') return { open, close: cur.i, elements, trailingComma };
    if (c === ',') {
      trailingComma = cur.i++;
      continue;
    }
    const start = cur.i;
    cur.value();
    elements.push({ start, end: cur.i });
    trailingComma = undefined;
  }
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

class Cursor {
  constructor(
    readonly text: string,
    public i = 0,
  ) {}

  peek(): string | undefined {
    return this.i < this.text.length ? this.text[this.i] : undefined;
  }

  expect(token: string): void {
    if (!this.text.startsWith(token, this.i)) this.fail(`expected "${token}"`);
    this.i += token.length;
  }

  skipSpaces(): void {
    while (this.text[this.i] === ' ' || this.text[this.i] === '\t') this.i++;
  }

  skipComment(): void {
    const nl = this.text.indexOf('\n', this.i);
    this.i = nl === -1 ? this.text.length : nl;
  }

  /** What may separate array elements: spaces, line breaks and comments. */
  skipFiller(): void {
    for (;;) {
      this.skipSpaces();
      const c = this.peek();
      if (c === '\n' || c === '\r') this.i++;
      else if (c === '#') this.skipComment();
      else return;
    }
  }

  /** Skips spaces and a comment to the end of the line; returns the line's end (see lineEndOf). */
  restOfLine(): number {
    this.skipSpaces();
    if (this.peek() === '#') this.skipComment();
    return lineEndOf(this.text, this.i);
  }

  /** A dotted key, each part bare or quoted, decoded. */
  key(): string[] {
    const parts: string[] = [];
    for (;;) {
      this.skipSpaces();
      const c = this.peek();
      if (c === '"') parts.push(this.basicString());
      else if (c === "'") parts.push(this.literalString());
      else {
        const bare = /[A-Za-z0-9_-]+/y;
        bare.lastIndex = this.i;
        const m = bare.exec(this.text);
        if (!m) this.fail('expected a key');
        parts.push(m[0]);
        this.i += m[0].length;
      }
      this.skipSpaces();
      if (this.peek() !== '.') return parts;
      this.i++;
    }
  }

  /** Skips one value of any kind. */
  value(): void {
    const { text } = this;
    const c = this.peek();
    if (text.startsWith('"""', this.i) || text.startsWith("'''", this.i)) this.multilineString();
    else if (c === '"') this.basicString();
    else if (c === "'") this.literalString();
    else if (c === '[') this.i = scanArray(text, this.i).close + 1;
    else if (c === '{') this.inlineTable();
    else {
      // Numbers, booleans, dates (`1979-05-27 07:32:00` holds a space): up to what ends a value.
      const start = this.i;
      while (this.i < text.length && !',]}#\n'.includes(text[this.i])) this.i++;
      while (this.i > start && ' \t\r'.includes(text[this.i - 1])) this.i--;
      if (this.i === start) this.fail('expected a value');
    }
  }

  private basicString(): string {
    const { text } = this;
    let out = '';
    for (this.i++; ; ) {
      const c = this.peek();
      if (c === undefined || c === '\n') this.fail('unterminated string');
      this.i++;
      if (c === '"') return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = text[this.i++];
      const simple: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', e: '\u001b', '"': '"', '\\': '\\' };
      if (e in simple) out += simple[e];
      else {
        const digits = e === 'u' ? 4 : e === 'U' ? 8 : e === 'x' ? 2 : 0;
        if (digits === 0) this.fail(`unknown escape \\${e}`);
        out += String.fromCodePoint(parseInt(text.slice(this.i, this.i + digits), 16));
        this.i += digits;
      }
    }
  }

  private literalString(): string {
    const close = this.text.indexOf("'", this.i + 1);
    if (close === -1) this.fail('unterminated string');
    const out = this.text.slice(this.i + 1, close);
    this.i = close + 1;
    return out;
  }

  private multilineString(): void {
    const { text } = this;
    const quote = text.slice(this.i, this.i + 3);
    for (let j = this.i + 3; j < text.length; j++) {
      if (quote === '"""' && text[j] === '\\') j++;
      else if (text.startsWith(quote, j)) {
        // Up to two quotes right before the closing delimiter belong to the string.
        let end = j + 3;
        while (text[end] === quote[0] && end - j < 5) end++;
        this.i = end;
        return;
      }
    }
    this.fail('unterminated multi-line string');
  }

  private inlineTable(): void {
    this.expect('{');
    for (;;) {
      this.skipFiller();
      const c = this.peek();
      if (c === '}') {
        this.i++;
        return;
      }
      if (c === ',') {
        this.i++;
        continue;
      }
      this.key();
      this.skipSpaces();
      this.expect('=');
      this.skipSpaces();
      this.value();
    }
  }

  private fail(message: string): never {
    throw new Error(`TOML scan: ${message} at offset ${this.i}`);
  }
}
