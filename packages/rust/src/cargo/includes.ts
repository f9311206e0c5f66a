import { dirOf, isBeyondRoot, joinPath, joinRelative, joinWritten } from './paths';

/**
 * What one Rust file says about the files and variables compiling it reads: a text scan, not a
 * parse (comments are skipped, macros are not expanded). Paths are relative to the model root and
 * lexically normalized; they may lie outside the crate. What lies outside the model root is kept
 * apart, in `beyondRoot`.
 */
export interface FileScan {
  /** A string literal names a Markdown file (an include, a proc-macro attribute such as a template path). */
  markdown: boolean;
  /** Files its `include*!` name and, in a build script, the paths `cargo:rerun-if-changed=` watches. */
  files: string[];
  /** Files its `#[path]` attributes load as modules: each owns its folder, as a `mod.rs` does. */
  pathModules: string[];
  /**
   * What its `include*!`, `#[path]` or `cargo:rerun-if-changed=` name outside the model root (`../`
   * above it, or an absolute path): no file input can name it.
   */
  beyondRoot: { construct: string; path: string }[];
  /** Where each out-of-line `mod x;` without `#[path]` may live (`x.rs` or `x/mod.rs`), for modules outside the crate. */
  modules: string[][];
  /** Variables read at compile time: `env!`/`option_env!`, and in a build script `env::var*` and `rerun-if-env-changed`. */
  env: string[];
  /** It prints a `cargo:rerun-if-changed`/`rerun-if-env-changed` line: cargo then re-runs the build script on those only. */
  watches: boolean;
  /**
   * Constructs whose path cannot be resolved: `dir` is the deepest folder (relative to the model
   * root, or beyond it as in `beyondRoot`) known to hold what they read, '' when nothing is known.
   */
  unresolved: { construct: string; dir: string }[];
  /** Constructs reading something no input can name (a variable by a computed name). */
  unhashable: string[];
}

/**
 * Variables cargo itself sets for rustc and build scripts, from the manifest, the profile, the
 * target, the toolchain or the dependencies' build scripts: all already inputs, and cargo's value
 * replaces the user's, so they are never read from the caller's environment.
 */
const CARGO_SET =
  /^(?:CARGO_PKG_\w+|CARGO_MANIFEST_\w+|CARGO_CRATE_NAME|CARGO_BIN_NAME|CARGO_BIN_EXE_\w+|CARGO_PRIMARY_PACKAGE|CARGO_TARGET_TMPDIR|CARGO_RUSTC_CURRENT_DIR|CARGO_CFG_\w+|CARGO_FEATURE_\w+|CARGO_ENCODED_RUSTFLAGS|CARGO_MAKEFLAGS|CARGO|OUT_DIR|TARGET|HOST|PROFILE|OPT_LEVEL|DEBUG|NUM_JOBS|RUSTC|RUSTDOC|RUSTC_LINKER|RUSTC_WRAPPER|RUSTC_WORKSPACE_WRAPPER|DEP_\w+)$/;

const STRING = String.raw`(?:r(#*)"[\s\S]*?"\1|"(?:[^"\\]|\\[\s\S])*")`;
const MARKDOWN_LITERAL = /\.(?:md|markdown)"/i;
const INCLUDE = /\binclude(?:_str|_bytes)?!\s*[([{]/g;
const ENV_MACRO = new RegExp(String.raw`\b(?:option_)?env!\s*[([{]\s*(${STRING})`, 'g');
/** `env::var("X")`, `std::env::var_os(NAME)`, … up to the closing parenthesis of a simple argument. */
const ENV_VAR = /\benv::var(?:_os)?\s*\(\s*([^()]*(?:\([^()]*\)[^()]*)*)\)/g;
/** A directive's value ends with the line: at a newline, or at a `\n`/`\r` escape of the literal printing it. */
const DIRECTIVE_VALUE = String.raw`((?:[^"\\\n]|\\[^nr])*)`;
const RERUN_IF_CHANGED = new RegExp(`cargo::?rerun-if-changed=${DIRECTIVE_VALUE}`, 'g');
const RERUN_IF_ENV_CHANGED = new RegExp(`cargo::?rerun-if-env-changed=${DIRECTIVE_VALUE}`, 'g');
const MOD_OR_BRACE = /\bmod\s+(?:r#)?([A-Za-z_][A-Za-z0-9_]*)\s*([;{])|[{}]/g;
const ATTRIBUTES_BEFORE = /((?:#\[(?:[^\[\]]|\[[^\]]*\])*\]\s*)*)(?:pub(?:\s*\([^)]*\))?\s+)?(?:unsafe\s+)?$/;
const PATH_ATTRIBUTE = new RegExp(String.raw`\bpath\s*=\s*(${STRING})`);

export interface ScanOptions {
  /** The crate's folder, relative to the model root: build scripts name paths relative to it. */
  crateRoot: string;
  /** A mod-rs file (crate root, `mod.rs`, a file loaded by `#[path]`) owns its folder; `a.rs` owns `a/`. */
  modRs: boolean;
  /** A build script (or one of its modules): its `env::var` reads happen at compile time. */
  buildScript: boolean;
}

export function scanRustFile(path: string, text: string, options: ScanOptions): FileScan {
  const { crateRoot, modRs, buildScript } = options;
  const code = withoutComments(text);
  const masked = withoutStrings(code);
  const scan: FileScan = { markdown: MARKDOWN_LITERAL.test(code), files: [], pathModules: [], beyondRoot: [], modules: [], env: [], watches: false, unresolved: [], unhashable: [] };
  const fileDir = dirOf(path);
  const ownDir = modRs ? fileDir : joinPath(fileDir, path.slice(fileDir === '' ? 0 : fileDir.length + 1).replace(/\.rs$/, ''));
  scanIncludes(scan, code, masked, fileDir, crateRoot);
  scanModules(scan, code, masked, fileDir, ownDir);
  scanEnvMacros(scan, code);
  scanRerunDirectives(scan, code, crateRoot);
  if (buildScript) scanEnvVarCalls(scan, code);
  scan.files = unique(scan.files);
  scan.pathModules = unique(scan.pathModules);
  scan.env = unique(scan.env);
  return scan;
}

/** Records a path a construct names: beyond the model root apart, in `beyondRoot`. */
function namePath(scan: FileScan, into: string[], path: string, construct: () => string): void {
  if (isBeyondRoot(path)) scan.beyondRoot.push({ construct: construct(), path });
  else into.push(path);
}

/** `include!`, `include_str!` and `include_bytes!`: the files they name, or the folder known to hold them. */
function scanIncludes(scan: FileScan, code: string, masked: string, fileDir: string, crateRoot: string): void {
  for (const m of masked.matchAll(INCLUDE)) {
    const start = m.index! + m[0].length;
    const arg = parseExpression(code, start);
    const resolved = resolvePath(arg.value, fileDir, crateRoot);
    const construct = () => `${m[0].replace(/\s+/g, '')}${code.slice(start, arg.end).replace(/\s+/g, ' ').trim()})`;
    if (resolved.kind === 'file') namePath(scan, scan.files, resolved.path, construct);
    else if (resolved.kind === 'unknown') scan.unresolved.push({ construct: construct(), dir: resolved.dir });
  }
}

/** Out-of-line `mod x;` items: `#[path]` is relative to the file's folder, or inside inline modules to the folder they own. */
function scanModules(scan: FileScan, code: string, masked: string, fileDir: string, ownDir: string): void {
  const inline: { name: string; depth: number }[] = [];
  let depth = 0;
  for (const m of masked.matchAll(MOD_OR_BRACE)) {
    if (m[0] === '{') {
      depth++;
      continue;
    }
    if (m[0] === '}') {
      if (inline.length && inline[inline.length - 1].depth === depth) inline.pop();
      depth = Math.max(0, depth - 1);
      continue;
    }
    if (m[2] === '{') {
      depth++;
      inline.push({ name: m[1], depth });
      continue;
    }
    scanModuleItem(scan, code, m.index!, m[1], inline.map((i) => i.name).join('/'), fileDir, ownDir);
  }
}

/** One `mod name;` at `at`, nested in the inline modules `nest` (joined by `/`): its `#[path]` file, or where it may live. */
function scanModuleItem(scan: FileScan, code: string, at: number, mod: string, nest: string, fileDir: string, ownDir: string): void {
  const attributes = ATTRIBUTES_BEFORE.exec(code.slice(Math.max(0, at - 2000), at))?.[1] ?? '';
  const pathAttr = PATH_ATTRIBUTE.exec(attributes);
  if (pathAttr) {
    const relative = literalValue(pathAttr[1]);
    const base = nest !== '' ? joinPath(ownDir, nest) : fileDir;
    if (relative !== undefined) namePath(scan, scan.pathModules, joinWritten(base, relative), () => `#[path = ${pathAttr[1]}] mod ${mod}`);
  } else {
    const base = nest === '' ? ownDir : joinPath(ownDir, nest);
    scan.modules.push([joinRelative(base, `${mod}.rs`), joinRelative(base, `${mod}/mod.rs`)]);
  }
}

/** `env!`/`option_env!` with a literal name cargo does not set. */
function scanEnvMacros(scan: FileScan, code: string): void {
  for (const m of code.matchAll(ENV_MACRO)) {
    const name = literalValue(m[1]);
    if (name !== undefined && !CARGO_SET.test(name)) scan.env.push(name);
  }
}

/** `cargo:rerun-if-changed=` and `cargo:rerun-if-env-changed=` lines a build script prints. */
function scanRerunDirectives(scan: FileScan, code: string, crateRoot: string): void {
  for (const m of code.matchAll(RERUN_IF_CHANGED)) {
    scan.watches = true;
    const value = unescape(m[1]).trim();
    if (!/[{}]/.test(value)) {
      if (value !== '') namePath(scan, scan.files, joinWritten(crateRoot, value), () => `cargo:rerun-if-changed=${value}`);
    } else {
      const prefix = value.slice(0, value.indexOf('{'));
      const dir = prefix === '' ? '' : joinWritten(crateRoot, prefix.endsWith('/') ? prefix : dirOf(prefix));
      scan.unresolved.push({ construct: `cargo:rerun-if-changed=${value}`, dir });
    }
  }
  for (const m of code.matchAll(RERUN_IF_ENV_CHANGED)) {
    scan.watches = true;
    const value = unescape(m[1]).trim();
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(value)) scan.env.push(value);
    else scan.unhashable.push(`cargo:rerun-if-env-changed=${value}`);
  }
}

/** A build script's `env::var*` calls: a literal name is an input, a computed one cannot be hashed. */
function scanEnvVarCalls(scan: FileScan, code: string): void {
  for (const m of code.matchAll(ENV_VAR)) {
    const arg = m[1].trim();
    const name = new RegExp(`^${STRING}$`).test(arg) ? literalValue(arg) : undefined;
    if (name === undefined) scan.unhashable.push(m[0].replace(/\s+/g, ' '));
    else if (!CARGO_SET.test(name)) scan.env.push(name);
  }
}

const unique = (items: string[]) => [...new Set(items)].sort();

/** A directive's text as printed: `\\` and `\"` are one character (other escapes are left as written). */
const unescape = (text: string) => text.replace(/\\(["\\])/g, '$1');

type PathValue = { kind: 'literal'; text: string } | { kind: 'manifest'; text: string } | { kind: 'out-dir' } | { kind: 'unknown'; prefix?: PathValue };

/**
 * An include's argument: a string literal, or `concat!` of literals and `env!("CARGO_MANIFEST_DIR")`
 * (or `env!("OUT_DIR")`, the build script's output: covered by what the build script reads).
 * Anything else is unknown, keeping the part before it as a prefix.
 */
function parseExpression(code: string, at: number): { value: PathValue; end: number } {
  const rest = code.slice(at);
  const lead = /^\s*/.exec(rest)![0].length;
  const s = rest.slice(lead);
  const literal = new RegExp(`^${STRING}`).exec(s);
  if (literal) return { value: { kind: 'literal', text: literalValue(literal[0]) ?? '' }, end: at + lead + literal[0].length };
  const env = new RegExp(String.raw`^env!\s*[([{]\s*(${STRING})\s*[)\]}]`).exec(s);
  if (env) {
    const name = literalValue(env[1]);
    const value: PathValue = name === 'CARGO_MANIFEST_DIR' ? { kind: 'manifest', text: '' } : name === 'OUT_DIR' ? { kind: 'out-dir' } : { kind: 'unknown' };
    return { value, end: at + lead + env[0].length };
  }
  const concat = /^concat!\s*[([{]/.exec(s);
  if (concat) {
    let pos = at + lead + concat[0].length;
    let value: PathValue | undefined;
    for (;;) {
      const part = parseExpression(code, pos);
      value = value === undefined ? part.value : append(value, part.value);
      pos = part.end;
      const sep = /^\s*([,)\]}])/.exec(code.slice(pos));
      if (!sep) return { value: { kind: 'unknown', prefix: known(value) }, end: skipToClose(code, pos) };
      pos += sep[0].length;
      if (sep[1] !== ',') return { value, end: pos };
      if (/^\s*[)\]}]/.test(code.slice(pos))) return { value, end: pos + /^\s*[)\]}]/.exec(code.slice(pos))![0].length };
    }
  }
  return { value: { kind: 'unknown' }, end: skipToClose(code, at) };
}

function known(value: PathValue): PathValue | undefined {
  return value.kind === 'unknown' ? value.prefix : value;
}

function append(left: PathValue, right: PathValue): PathValue {
  if (left.kind === 'unknown' || left.kind === 'out-dir') return left;
  if (right.kind === 'literal') return { kind: left.kind, text: left.text + right.text };
  if (right.kind === 'manifest' && left.kind === 'literal' && left.text === '') return right;
  return { kind: 'unknown', prefix: left };
}

/** Position after the expression starting at `at`: up to the bracket closing the include. */
function skipToClose(code: string, at: number): number {
  let depth = 0;
  for (let i = at; i < code.length; i++) {
    const c = code[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) return i;
      depth--;
    } else if (c === ',' && depth === 0) return i;
  }
  return code.length;
}

/** Where an include's path points: a file (relative to the model root), nothing (build output), or unknown. */
function resolvePath(value: PathValue, fileDir: string, crateRoot: string): { kind: 'file'; path: string } | { kind: 'none' } | { kind: 'unknown'; dir: string } {
  if (value.kind === 'out-dir') return { kind: 'none' };
  if (value.kind === 'literal') return { kind: 'file', path: joinWritten(fileDir, value.text) };
  if (value.kind === 'manifest') return { kind: 'file', path: joinRelative(crateRoot, value.text.replace(/^\/+/, '')) };
  const prefix = value.prefix;
  if (!prefix || prefix.kind === 'unknown') return { kind: 'unknown', dir: '' };
  if (prefix.kind === 'out-dir') return { kind: 'none' };
  const base = prefix.kind === 'manifest' ? crateRoot : fileDir;
  const text = prefix.kind === 'manifest' ? prefix.text.replace(/^\/+/, '') : prefix.text;
  return { kind: 'unknown', dir: joinWritten(base, text.endsWith('/') || text === '' ? text : dirOf(text)) };
}

/** The value of a string literal (escapes other than `\\` and `\"` are left as written). */
function literalValue(literal: string): string | undefined {
  const raw = /^r(#*)"([\s\S]*)"\1$/.exec(literal);
  if (raw) return raw[2];
  const plain = /^"((?:[^"\\]|\\[\s\S])*)"$/.exec(literal);
  if (!plain) return undefined;
  return plain[1].replace(/\\(["\\])/g, '$1');
}

/**
 * The text with comments blanked (same length, newlines kept), so that neither a commented-out
 * item nor a brace in a comment counts. Strings and char literals are kept.
 */
function withoutComments(text: string): string {
  return mapCode(text, (kind, chunk) => (kind === 'comment' ? chunk.replace(/[^\n]/g, ' ') : chunk));
}

/** The text with the insides of string and char literals blanked too: for braces and `mod` items. */
function withoutStrings(code: string): string {
  return mapCode(code, (kind, chunk) => (kind === 'string' ? chunk.replace(/[^\n]/g, ' ') : chunk));
}

function mapCode(text: string, map: (kind: 'code' | 'comment' | 'string', chunk: string) => string): string {
  let out = '';
  let i = 0;
  let codeStart = 0;
  const flush = (end: number) => {
    if (end > codeStart) out += map('code', text.slice(codeStart, end));
  };
  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1];
    let end = -1;
    let kind: 'comment' | 'string' = 'comment';
    if (c === '/' && next === '/') {
      end = text.indexOf('\n', i);
      if (end === -1) end = text.length;
    } else if (c === '/' && next === '*') {
      let depth = 1;
      let j = i + 2;
      while (j < text.length && depth > 0) {
        if (text[j] === '/' && text[j + 1] === '*') (depth++, (j += 2));
        else if (text[j] === '*' && text[j + 1] === '/') (depth--, (j += 2));
        else j++;
      }
      end = j;
    } else if (c === '"' || ((c === 'r' || c === 'b') && /^(?:b?r#*"|b")/.test(text.slice(i, i + 8)) && !/[A-Za-z0-9_]/.test(text[i - 1] ?? ''))) {
      kind = 'string';
      const m = new RegExp(`^b?${STRING}`).exec(text.slice(i));
      end = m ? i + m[0].length : text.length;
    } else if (c === "'") {
      const m = /^'(?:\\(?:u\{[0-9a-fA-F]+\}|x[0-9a-fA-F]{2}|.)|[^\\'\n])'/.exec(text.slice(i));
      if (m) {
        kind = 'string';
        end = i + m[0].length;
      }
    }
    if (end === -1) {
      i++;
      continue;
    }
    flush(i);
    // Keep the quotes of a literal so that it still reads as one.
    const chunk = text.slice(i, end);
    out += kind === 'string' ? keepQuotes(chunk, map) : map(kind, chunk);
    i = end;
    codeStart = end;
  }
  flush(text.length);
  return out;
}

function keepQuotes(chunk: string, map: (kind: 'string', chunk: string) => string): string {
  const open = chunk.indexOf(chunk.startsWith("'") ? "'" : '"') + 1;
  const close = chunk.startsWith("'") ? chunk.length - 1 : chunk.lastIndexOf('"');
  return chunk.slice(0, open) + map('string', chunk.slice(open, close)) + chunk.slice(close);
}
