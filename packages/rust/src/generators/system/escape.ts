/**
 * Free text (the `description` option) lands in TOML strings, Rust doc comments and Markdown.
 * Each place gets its own escaping, so that no text can end a string or a comment early, start
 * code, or change the structure of a document.
 */

const TOML_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '"': '\\"',
  '\b': '\\b',
  '\t': '\\t',
  '\n': '\\n',
  '\f': '\\f',
  '\r': '\\r',
};

/** A TOML basic string ("…") that reads back as exactly `text`. */
export function tomlString(text: string): string {
  const body = text.replace(/[\\"\u0000-\u001f\u007f]/g, (c) => TOML_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
  return `"${body}"`;
}

/** A TOML key: bare when it can be, else quoted. */
export function tomlKey(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : tomlString(key);
}

/**
 * A small TOML inline value (strings, booleans, numbers, arrays, tables) of the generator's own
 * making, such as a dependency entry.
 */
export function tomlInline(value: unknown): string {
  if (typeof value === 'string') return tomlString(value);
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  if (Array.isArray(value)) return `[${value.map(tomlInline).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    const fields = Object.entries(value).map(([k, v]) => `${tomlKey(k)} = ${tomlInline(v)}`);
    return `{ ${fields.join(', ')} }`;
  }
  throw new Error(`tomlInline: unsupported value ${String(value)}`);
}

/**
 * The text on one line: control characters (newlines, tabs, a bare CR, which rustc refuses in a
 * doc comment), line and paragraph separators and bidirectional controls (rustc denies them in
 * comments) become spaces, and runs of whitespace one space.
 */
export function oneLine(text: string): string {
  return text
    .replace(/[\p{Cc}\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Markdown (READMEs, docs, and rustdoc's doc comments) that renders as the text itself: on one
 * line, so no heading, list, fence, indented code (which rustdoc would run as a doc test) or
 * HTML block can start, with the punctuation that marks up inline text backslash-escaped.
 */
export function markdownText(text: string): string {
  const escaped = oneLine(text).replace(/[\\`*_[\]<>#|~&]/g, '\\$&');
  // What still starts a block at the beginning of a line: a list item, a thematic break, `1.`.
  return escaped.replace(/^([-+=])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2');
}
