import { posix } from 'node:path';

/** What a crate's Rust sources say about the non-Rust files compiling them reads. */
export interface SourceReads {
  /**
   * True when compilation may read the crate's Markdown files: an `include_str!`/`include_bytes!`/
   * `include!` whose path is not a plain literal or names a Markdown file, or any string literal
   * naming one (a proc-macro attribute such as a template path).
   */
  markdown: boolean;
  /**
   * Files outside the crate's folder that `include*!` literals or a build script's
   * `cargo:rerun-if-changed=` lines name, relative to the model root.
   */
  outside: string[];
  /** Variables a build script's `cargo:rerun-if-env-changed=` lines name. */
  env: string[];
}

const INCLUDE = /\binclude(?:_str|_bytes)?!\s*[([{]\s*(?:r(#*)"([^"]*)"\1|"((?:[^"\\]|\\.)*)")?/g;
const MARKDOWN_LITERAL = /\.(?:md|markdown)"/i;
/** `cargo:rerun-if-changed=PATH` (or `cargo::`); a path with a `{}` placeholder cannot be resolved. */
const RERUN_IF_CHANGED = /cargo::?rerun-if-changed=([^"{}\n]+)"/g;
const RERUN_IF_ENV_CHANGED = /cargo::?rerun-if-env-changed=([A-Za-z_][A-Za-z0-9_]*)"/g;

/**
 * Scans the crate's `.rs` files (`path` relative to the model root) for the files they include.
 * A text scan, not a parse: a mention in a comment counts too, which only ever adds inputs.
 */
export function scanSourceReads(crateRoot: string, sources: { path: string; text: string }[]): SourceReads {
  let markdown = false;
  const outside = new Set<string>();
  const env = new Set<string>();
  const inCrate = (p: string) => crateRoot === '' || p === crateRoot || p.startsWith(`${crateRoot}/`);
  /** Notes `relative` (to folder `from`) when it lies outside the crate but inside the Nx workspace. */
  const note = (from: string, relative: string) => {
    // An absolute path or one above the Nx workspace: no input can name it.
    if (posix.isAbsolute(relative)) return;
    const target = posix.normalize(posix.join(from, relative));
    if (target === '..' || target.startsWith('../') || inCrate(target)) return;
    outside.add(target);
  };
  for (const { path, text } of sources) {
    if (MARKDOWN_LITERAL.test(text)) markdown = true;
    for (const m of text.matchAll(INCLUDE)) {
      const literal = m[2] ?? m[3];
      if (literal === undefined || literal.includes('\\')) markdown = true;
      else note(posix.dirname(path), literal);
    }
    // Build scripts name paths relative to the package root.
    for (const m of text.matchAll(RERUN_IF_CHANGED)) note(crateRoot, m[1].trim());
    for (const m of text.matchAll(RERUN_IF_ENV_CHANGED)) env.add(m[1]);
  }
  return { markdown, outside: [...outside].sort(), env: [...env].sort() };
}
