/**
 * What Nx runs when it hashes a task (runtime inputs, see `plugin/unseen-files.ts`): it prints
 * what cargo will read that Nx cannot hash itself, and Nx hashes the output. Nx runs it at the Nx
 * root, once per distinct command in a run. What it prints never holds an absolute path: a
 * checkout at another place, or on another machine, must print the same.
 *
 * Kept light (no Nx, no cargo model): it runs on every nx command that hashes crate tasks.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { cargoConfigCandidates } from '../cargo/config-files';
import { countedConfigSettings, countedEnvironment } from '../cargo/settings';
import { asString, asTable, parseToml } from '../cargo/toml';

/** What `printWorkspace` covers for one Cargo workspace; paths relative to the Nx root, '' for the root. */
export interface WorkspaceState {
  dir: string;
  /** Hash Cargo.lock whole: Nx cannot see it (git ignores it). */
  lock?: boolean;
  /** Folders of crates outside the Nx root (path dependencies, `[patch]` crates): hash their files. */
  paths?: string[];
  /**
   * Also the environment (as `printEnvironment` prints it): each runtime input is a node process
   * Nx starts in turn when it hashes tasks, ~70 ms each, so one prints both.
   */
  env?: boolean;
}

/**
 * The environment cargo and rustc read that can change a result (see `settingCounts`): the
 * runtime input of `cargo-env` in an nx.json written before `printWorkspace` printed it too.
 */
export function printEnvironment(env: NodeJS.ProcessEnv = process.env, write = print): void {
  write(countedEnvironment(env));
}

/**
 * For the Cargo workspace at `state.dir`: the counted settings of every cargo config file cargo
 * reads there (up to the file system's root, then `$CARGO_HOME`), git-ignored or outside the Nx
 * root as well; the environment and its Cargo.lock when asked; the files of the crates outside
 * the Nx root it builds.
 */
export function printWorkspace(state: WorkspaceState, root = process.cwd(), env: NodeJS.ProcessEnv = process.env, write = print): void {
  const lines: string[] = [];
  const cwd = resolve(root, decode(state.dir));
  const home = env.CARGO_HOME ? resolve(root, env.CARGO_HOME) : join(homedir(), '.cargo');
  // Nearest first, as cargo lets nearer files win; no file numbers: a file without a counted
  // setting (only `[term]`, say) must not change what the others print.
  for (const file of cargoConfigCandidates(cwd, home)) {
    const text = readIfFile(file);
    if (text === undefined) continue;
    const parsed = parseToml(text, file);
    // cargo refuses the file; the hash must still follow its content.
    const settings = parsed.ok ? countedConfigSettings(parsed.value) : [`invalid ${sha256(text)}`];
    lines.push(...settings.map((s) => `config ${s}`));
  }
  if (state.env) lines.push(...countedEnvironment(env).map((v) => `env ${v}`));
  if (state.lock) {
    const lock = readIfFile(join(cwd, 'Cargo.lock'));
    lines.push(`Cargo.lock ${lock === undefined ? 'absent' : sha256(lock)}`);
  }
  // A folder reached through an absolute path shows as such; one reached relatively, relative to
  // the Nx root: either way the same from every checkout.
  const seen = new Set<string>();
  const queue = (state.paths ?? []).map(decode).map((p) => ({ dir: resolve(root, p), absolute: isAbsolute(p) }));
  while (queue.length) {
    const { dir, absolute } = queue.shift()!;
    if (seen.has(dir)) continue;
    seen.add(dir);
    const shown = portable(absolute ? dir : relative(root, dir));
    const digest = treeDigest(dir);
    lines.push(`path ${shown} ${digest ?? 'missing'}`);
    // Its own path dependencies outside the Nx root are just as unseen.
    for (const dep of pathDependencies(dir)) {
      const r = relative(root, dep.dir);
      if (r === '..' || r.startsWith(`..${sep}`) || isAbsolute(r)) queue.push({ dir: dep.dir, absolute: absolute || dep.absolute });
    }
  }
  write(lines);
}

/**
 * For one crate: a digest of each file it compiles from beyond the Nx root, as its sources name it
 * (`../x` or `/x`, resolved from the Nx root; a symlink inside the root is read through).
 */
export function printFiles(state: { paths: string[] }, root = process.cwd(), write = print): void {
  write(
    state.paths.map(decode).map((path) => {
      let digest = 'missing';
      try {
        digest = sha256(readFileSync(resolve(root, path)));
      } catch (e) {
        if (!isMissing(e)) throw e;
      }
      return `file ${path} ${digest}`;
    }),
  );
}

function print(lines: string[]): void {
  if (lines.length) process.stdout.write(lines.join('\n') + '\n');
}

/**
 * Strings reach the command %-encoded (see `runtimeString`) so that no shell ever sees a quote,
 * a `$` or a space in them.
 */
function decode(s: string): string {
  return decodeURIComponent(s);
}

const portable = (p: string) => p.split(sep).join('/');

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

function readIfFile(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    if (isMissing(e)) return undefined;
    throw e;
  }
}

const isMissing = (e: unknown) => ['ENOENT', 'ENOTDIR', 'EISDIR'].includes((e as NodeJS.ErrnoException).code ?? '');

/** Folders that never hold sources: build output and version control. */
const SKIPPED = new Set(['target', '.git']);

/**
 * A digest of every file under `dir` (relative names and contents), or undefined when it does not
 * exist. Only regular files are read: a FIFO, socket or device is skipped (reading one may block
 * forever). A symlink counts by its link text, and by what it leads to when that exists; a folder
 * link leading back to a folder being walked (a loop) counts by its text alone.
 */
function treeDigest(dir: string): string | undefined {
  const hash = createHash('sha256');
  const walk = (abs: string, rel: string, open: ReadonlySet<string>): boolean => {
    let entries;
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch (e) {
      if (isMissing(e)) return false;
      throw e;
    }
    const inside = new Set(open).add(realpathOrSelf(abs));
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const path = join(abs, entry.name);
      const name = rel ? `${rel}/${entry.name}` : entry.name;
      const link = entry.isSymbolicLink() ? readlinkOrUndefined(path) : undefined;
      if (link !== undefined) hash.update(`${name}\0-> ${link}\n`);
      // A folder entry's type is lstat's; a link's is what it leads to.
      const stat = link === undefined ? entry : statOrUndefined(path);
      if (stat?.isDirectory()) {
        if (!SKIPPED.has(entry.name) && !inside.has(realpathOrSelf(path))) walk(path, name, inside);
      } else if (stat?.isFile()) {
        const content = readOrUndefined(path);
        if (content !== undefined) hash.update(`${name}\0${sha256(content)}\n`);
      }
    }
    return true;
  };
  return walk(dir, '', new Set()) ? hash.digest('hex') : undefined;
}

/** The file system calls of `treeDigest`, undefined where there is nothing (a dangling link, a loop, a file gone meanwhile). */
const orUndefined =
  <T>(fn: (path: string) => T) =>
  (path: string): T | undefined => {
    try {
      return fn(path);
    } catch (e) {
      if (isMissing(e) || (e as NodeJS.ErrnoException).code === 'ELOOP') return undefined;
      throw e;
    }
  };
const statOrUndefined = orUndefined((p) => statSync(p));
const readlinkOrUndefined = orUndefined((p) => readlinkSync(p));
const readOrUndefined = orUndefined((p) => readFileSync(p));
const realpathOrSelf = (p: string) => orUndefined((x) => realpathSync(x))(p) ?? p;

const DEPENDENCY_TABLES = ['dependencies', 'dev-dependencies', 'build-dependencies'];

/** Absolute folders of the path dependencies `dir/Cargo.toml` declares (target-specific ones too), and whether each is written absolute. */
function pathDependencies(dir: string): Array<{ dir: string; absolute: boolean }> {
  const text = readIfFile(join(dir, 'Cargo.toml'));
  if (text === undefined) return [];
  const parsed = parseToml(text, 'Cargo.toml');
  if (!parsed.ok) return [];
  const tables = [parsed.value, ...Object.values(asTable(parsed.value.target)).map(asTable)];
  const out: Array<{ dir: string; absolute: boolean }> = [];
  for (const table of tables) {
    for (const kind of DEPENDENCY_TABLES) {
      for (const spec of Object.values(asTable(table[kind]))) {
        const path = asString(asTable(spec).path);
        if (path !== undefined) out.push({ dir: resolve(dir, path), absolute: isAbsolute(path) });
      }
    }
  }
  return out;
}
