/**
 * Names cargo (or rustc, or the file system) would refuse for a package or a binary. Checked
 * before anything is written, so a refused name leaves the workspace untouched.
 */

/** Rust keywords, strict and reserved, of every edition up to 2024: a crate named so cannot be `use`d. */
const KEYWORDS = new Set([
  'abstract', 'as', 'async', 'await', 'become', 'box', 'break', 'const', 'continue', 'crate', 'do', 'dyn', 'else',
  'enum', 'extern', 'false', 'final', 'fn', 'for', 'gen', 'if', 'impl', 'in', 'let', 'loop', 'macro', 'match', 'mod',
  'move', 'mut', 'override', 'priv', 'pub', 'ref', 'return', 'self', 'Self', 'static', 'struct', 'super', 'trait',
  'true', 'try', 'type', 'typeof', 'unsafe', 'unsized', 'use', 'virtual', 'where', 'while', 'yield',
]);

/** Crates that ship with Rust: cargo refuses packages named so (they would shadow them). */
const BUILTIN_CRATES = new Set(['std', 'core', 'alloc', 'proc_macro', 'proc-macro', 'test']);

/** Folders cargo makes inside `target/<profile>/`: cargo refuses them as package and binary names. */
const ARTIFACT_FOLDERS = new Set(['deps', 'examples', 'build', 'incremental']);

/** Windows device names: no file or folder can be called so there, whatever the case. */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])$/i;

/**
 * Why `name` cannot name a package (or, with `what` = 'cliName', a binary), or undefined when it
 * can. Stricter than cargo in one way: upper case is refused, because rustc then warns
 * `non_snake_case` on the crate name and the generated crate would fail `clippy -D warnings`.
 */
export function crateNameProblem(name: unknown, what = 'name'): string | undefined {
  if (typeof name !== 'string' || name === '') return `The ${what} is required and must be a non-empty string.`;
  const quoted = JSON.stringify(name);
  if (name.includes('/') || name.includes('\\') || name.includes('..')) {
    return `Invalid ${what} ${quoted}: it must be a plain crate name, not a path (choose the parent folder with --directory).`;
  }
  if (!/^[A-Za-z0-9_-]+$/.test(name)) {
    return `Invalid ${what} ${quoted}: only ASCII letters, digits, "_" and "-" are allowed (no spaces or other characters).`;
  }
  if (/^[0-9]/.test(name)) return `Invalid ${what} ${quoted}: a crate name cannot start with a digit.`;
  if (name.startsWith('-')) return `Invalid ${what} ${quoted}: a crate name cannot start with "-".`;
  if (/^[_-]+$/.test(name)) return `Invalid ${what} ${quoted}: a crate name needs at least one letter or digit.`;
  if (KEYWORDS.has(name)) return `Invalid ${what} ${quoted}: it is a Rust keyword.`;
  if (BUILTIN_CRATES.has(name)) return `Invalid ${what} ${quoted}: it is the name of a crate that ships with Rust.`;
  if (ARTIFACT_FOLDERS.has(name)) return `Invalid ${what} ${quoted}: cargo reserves it for a folder of its build output.`;
  if (WINDOWS_RESERVED.test(name)) return `Invalid ${what} ${quoted}: it is a reserved file name on Windows.`;
  if (/[A-Z]/.test(name)) {
    return `Invalid ${what} ${quoted}: use lower case (snake_case or kebab-case, e.g. ${JSON.stringify(name.toLowerCase())}); rustc warns on upper-case crate names.`;
  }
  return undefined;
}

/** The identifier Rust code uses for a package: cargo turns `-` into `_`. */
export function libName(name: string): string {
  return name.replace(/-/g, '_');
}

/** The default CLI name: the first `_`-separated word and `-cli` (chaos_engine → chaos-cli). */
export function defaultCliName(name: string): string {
  const first = name.split('_').find((word) => word !== '') ?? name;
  return `${first}-cli`;
}

/** "chaos_engine" → "Chaos Engine", for headings. */
export function titleOf(name: string): string {
  return name
    .split(/[-_]+/)
    .filter((word) => word !== '')
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join(' ');
}
