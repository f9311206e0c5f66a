import { posix } from 'node:path';

/** What a crate's Rust sources say about the non-Rust files compiling them reads. */
export interface SourceReads {
  /**
   * True when compilation may read the crate's Markdown files: an `include_str!`/`include_bytes!`/
   * `include!` whose path is not a plain literal or names a Markdown file, or any string literal
   * naming one (a proc-macro attribute such as a template path).
   */
  markdown: boolean;
  /** Files outside the crate's folder that `include*!` literals name, relative to the model root. */
  outside: string[];
}

const INCLUDE = /\binclude(?:_str|_bytes)?!\s*[([{]\s*(?:r(#*)"([^"]*)"\1|"((?:[^"\\]|\\.)*)")?/g;
const MARKDOWN_LITERAL = /\.(?:md|markdown)"/i;

/**
 * Scans the crate's `.rs` files (`path` relative to the model root) for the files they include.
 * A text scan, not a parse: a mention in a comment counts too, which only ever adds inputs.
 */
export function scanSourceReads(crateRoot: string, sources: { path: string; text: string }[]): SourceReads {
  let markdown = false;
  const outside = new Set<string>();
  const inCrate = (p: string) => crateRoot === '' || p === crateRoot || p.startsWith(`${crateRoot}/`);
  for (const { path, text } of sources) {
    if (MARKDOWN_LITERAL.test(text)) markdown = true;
    for (const m of text.matchAll(INCLUDE)) {
      const literal = m[2] ?? m[3];
      if (literal === undefined || literal.includes('\\')) {
        markdown = true;
        continue;
      }
      // An absolute path or one above the Nx workspace: no input can name it.
      if (posix.isAbsolute(literal)) continue;
      const target = posix.normalize(posix.join(posix.dirname(path), literal));
      if (target === '..' || target.startsWith('../')) continue;
      if (!inCrate(target)) outside.add(target);
    }
  }
  return { markdown, outside: [...outside].sort() };
}
