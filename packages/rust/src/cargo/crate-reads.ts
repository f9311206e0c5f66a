import type { FileScan } from './includes';
import { baseName, dirOf, isAbsolutePath, isBeyondRoot, isWithin, joinRelative, joinWritten } from './paths';
import type { CargoTarget, Crate } from './types';

/** What compiling a crate (and running its tests) reads besides the files of its folder. */
export interface SourceReads {
  /** Compiling it may read its Markdown files (see `FileScan.markdown`), or anything (a widened read). */
  markdown: boolean;
  /**
   * What it reads outside its folder, as globs relative to the model root: files, `dir/**\/*` for
   * folders (a symlinked folder, a widened read), `**\/*` when nothing is known of a read.
   */
  outside: string[];
  /**
   * Files it reads beyond the Nx root, where no file input reaches: relative to the root (`../x`),
   * absolute (`/x`), or a symlink inside the crate pointing there (read through). A runtime input
   * hashes them (see `plugin/unseen-files.ts`).
   */
  unseen: string[];
  /** Variables read at compile time. */
  env: string[];
  /**
   * Of `tests/`, `benches/` and `examples/`, those compiling its library, binaries and build
   * script reads (all of them when its build script watches nothing: cargo re-runs it on any
   * change of the package, and it may read anything).
   */
  compiledTestDirs: string[];
  /** Messages about reads that were widened or cannot be hashed, each naming the crate, the file and the construct. */
  warnings: string[];
}

export const NO_READS: SourceReads = { markdown: false, outside: [], unseen: [], env: [], compiledTestDirs: [], warnings: [] };

/** Folders `cargo build` never compiles (test, bench and example targets only). */
export const TEST_DIRS = ['tests', 'benches', 'examples'];

/** A symlink inside the crate: where it points, relative to the model root (undefined: outside it). */
export interface CrateSymlink {
  link: string;
  target: string | undefined;
  isDir: boolean;
}

export interface CrateReadsInput {
  crate: Crate;
  /** The crate's own `.rs` files (relative to the model root). */
  ownFiles: string[];
  symlinks: CrateSymlink[];
  /** Scans a file (undefined when it cannot be read). */
  scan: (path: string, modRs: boolean, buildScript: boolean) => FileScan | undefined;
  /** Whether a path (relative to the model root, or absolute) is a file, a folder, or nothing. */
  kind: (path: string) => 'file' | 'dir' | undefined;
  /** The `.rs` files Nx knows of under a folder (for symlinked folders). */
  rsFilesUnder: (dir: string) => string[];
  /** An absolute path inside the model root, relative to it (undefined: outside it). */
  insideRoot?: (absolute: string) => string | undefined;
}

const isModRs = (path: string) => ['lib.rs', 'main.rs', 'mod.rs', 'build.rs'].includes(baseName(path));

const TARGET_TABLES: Record<CargoTarget['kind'], string> = { lib: '[lib]', bin: '[[bin]]', example: '[[example]]', test: '[[test]]', bench: '[[bench]]' };

/**
 * How to declare a folder beyond the Nx root: Nx hashes files inside its workspace only, and the
 * plugin hashes files beyond it, never whole folders (one may hold a toolchain or a system tree).
 */
const DECLARE_FOLDER = 'list what it reads there in the target inputs through [package.metadata.nx] (a runtime input printing it)';

/**
 * Combines the scans of a crate's files, and of the files outside its folder it compiles (target
 * roots, build script, `#[path]` modules and their own modules, included `.rs` files, symlinks),
 * into what its targets must hash.
 */
export function crateReads({ crate, ownFiles, symlinks, scan, kind, rsFilesUnder, insideRoot = () => undefined }: CrateReadsInput): SourceReads {
  const buildScript = crate.buildScript === undefined ? undefined : joinWritten(crate.root, crate.buildScript);
  const view: CrateView = { crate, scan, kind, rsFilesUnder, insideRoot, root: crate.root, buildScript };
  const found = nothingFound();
  const targetRoots = new Set(crate.targets.map((t) => joinWritten(view.root, t.path)));
  for (const path of ownFiles) enqueue(found, path, isModRs(path) || targetRoots.has(path));
  for (const t of crate.targets) compiledRoot(view, found, joinWritten(view.root, t.path), `${TARGET_TABLES[t.kind]} path = "${t.path}"`, t.kind === 'lib' || t.kind === 'bin');
  if (view.buildScript !== undefined) compiledRoot(view, found, view.buildScript, `build = "${crate.buildScript}"`, true);
  for (const s of symlinks) followSymlink(view, found, s);
  for (let i = 0; i < found.queue.length; i++) absorbScan(view, found, found.queue[i].path, found.queue[i].modRs);
  keepReachedTestDirs(found.edges, found.kept);
  return summarize(view, found);
}

/** The crate and how to look at the files it names: fixed while its reads are combined. */
interface CrateView extends Required<Omit<CrateReadsInput, 'ownFiles' | 'symlinks'>> {
  root: string;
  /** The build script, relative to the model root. */
  buildScript: string | undefined;
}

/** What the scans found so far, and the files still to scan. */
interface Found {
  markdown: boolean;
  /** A read that cannot be resolved: the crate's every file counts (`anywhere`: and the workspace's). */
  wide: boolean;
  anywhere: boolean;
  /** The build script prints a `rerun-if-*` line. */
  watches: boolean;
  outside: Set<string>;
  unseen: Set<string>;
  env: Set<string>;
  warnings: string[];
  /** Per scanned file (or symlink): the test folder it lies in, and the test folders it names. */
  edges: { from: string | undefined; to: Set<string> }[];
  /** Test folders `cargo build` compiles. */
  kept: Set<string>;
  /** Files to scan, once per way of owning their folder: a file both `mod x;` and `#[path]` load is compiled as both. */
  queue: { path: string; modRs: boolean }[];
  /** The queue's keys so far (see `enqueue`). */
  queued: Set<string>;
}

function nothingFound(): Found {
  return {
    markdown: false,
    wide: false,
    anywhere: false,
    watches: false,
    outside: new Set(),
    unseen: new Set(),
    env: new Set(),
    warnings: [],
    edges: [],
    kept: new Set(),
    queue: [],
    queued: new Set(),
  };
}

const inCrate = (view: CrateView, path: string) => !isBeyondRoot(path) && isWithin(path, view.root);

function isBuildFile({ buildScript }: CrateView, path: string): boolean {
  return path === buildScript || baseName(path) === 'build.rs' || (buildScript !== undefined && isWithin(path, joinRelative(dirOf(buildScript), 'build')));
}

/** The test folder (of `TEST_DIRS`) of the crate holding a path. */
function testDirOf(view: CrateView, path: string): string | undefined {
  return inCrate(view, path) ? TEST_DIRS.find((d) => isWithin(path, joinRelative(view.root, d))) : undefined;
}

function warn(view: CrateView, found: Found, file: string, construct: string, what: string): void {
  found.warnings.push(`crate ${view.crate.name}: ${file}: \`${construct}\` ${what}`);
}

function enqueue(found: Found, path: string, modRs: boolean): void {
  const key = `${modRs ? 'm' : 'f'}|${path}`;
  if (found.queued.has(key) || !path.endsWith('.rs')) return;
  found.queued.add(key);
  found.queue.push({ path, modRs });
}

/**
 * Where a path the crate names lies, relative to the model root. Beyond it (above it, or absolute
 * outside it) no file input can name it: undefined, and a file is `unseen` (a folder cannot be
 * hashed: a warning naming the file and the construct). An absolute path inside the root is
 * hashed as its relative path, with a warning: a checkout elsewhere reads another file.
 */
function locate(view: CrateView, found: Found, path: string, file: string, construct: string, isDir: boolean): string | undefined {
  if (isAbsolutePath(path)) {
    const relative = view.insideRoot(path);
    if (relative !== undefined) {
      warn(view, found, file, construct, `names an absolute path inside the Nx workspace: it is hashed as ${relative}, but a checkout elsewhere reads another file there; write it relative`);
      return relative;
    }
  } else if (!isBeyondRoot(path)) return path;
  if (isDir) warn(view, found, file, construct, `reads ${path}/, a folder outside the Nx workspace: it cannot be hashed; ${DECLARE_FOLDER}`);
  else found.unseen.add(path);
  return undefined;
}

/** A file or folder (inside the model root) compiling the crate reads: outside the crate an input of its own; Rust sources are scanned. */
function reach(view: CrateView, found: Found, path: string, modRs: boolean, isDir = false): void {
  if (!inCrate(view, path)) found.outside.add(isDir ? `${path}/**/*` : path);
  enqueue(found, path, modRs);
}

/** A crate root or build script: scanned as a mod-rs file; the test folder holding it is compiled by `cargo build`. */
function compiledRoot(view: CrateView, found: Found, written: string, construct: string, compiled: boolean): void {
  const path = inCrate(view, written) ? written : locate(view, found, written, view.crate.manifestPath, construct, false);
  if (path === undefined) return enqueue(found, written, true);
  reach(view, found, path, true);
  const dir = testDirOf(view, path);
  if (compiled && dir) found.kept.add(dir);
}

function followSymlink(view: CrateView, found: Found, s: CrateSymlink): void {
  if (s.target === undefined || isBeyondRoot(s.target)) {
    // A file is read through the link (so it hashes alike wherever the checkout lives); a folder is not hashed.
    if (s.isDir) warn(view, found, s.link, 'symlink', `points to a folder outside the Nx workspace: it cannot be hashed; ${DECLARE_FOLDER}`);
    else found.unseen.add(s.link);
    return;
  }
  if (inCrate(view, s.target)) {
    // Nx hashes the link as its text and what it points to as the crate's own file: what compiles
    // through the link lies where it points, so a test folder it points into (or holds) counts as the link's folder does.
    const target = s.target;
    const to = TEST_DIRS.filter((d) => isWithin(target, joinRelative(view.root, d)) || (s.isDir && isWithin(joinRelative(view.root, d), target)));
    found.edges.push({ from: testDirOf(view, s.link), to: new Set(to) });
  } else found.outside.add(s.isDir ? `${s.target}/**/*` : s.target);
  // Nx lists no file under a symlinked folder: scan its files where they are (rustc's `..` is the file system's).
  if (s.isDir) for (const f of view.rsFilesUnder(s.target)) enqueue(found, f, isModRs(f));
  else enqueue(found, s.target, true);
}

/** Scans one queued file and takes in what it reads. */
function absorbScan(view: CrateView, found: Found, path: string, modRs: boolean): void {
  const result = view.scan(path, modRs, isBuildFile(view, path));
  if (!result) return;
  found.markdown ||= result.markdown;
  found.watches ||= result.watches && isBuildFile(view, path);
  for (const name of result.env) found.env.add(name);
  const named = new Set<string>();
  for (const file of result.files) noteNamed(view, found, named, file, false);
  for (const file of result.pathModules) noteNamed(view, found, named, file, true, false);
  for (const { construct, path: written } of result.beyondRoot) {
    const isDir = view.kind(written) === 'dir';
    const where = locate(view, found, written, path, construct, isDir);
    if (where === undefined) enqueue(found, written, true);
    else noteNamed(view, found, named, where, construct.startsWith('#['), isDir);
  }
  for (const candidates of result.modules) absorbModule(view, found, named, path, candidates);
  found.edges.push({ from: inCrate(view, path) ? testDirOf(view, path) : undefined, to: named });
  for (const { construct, dir } of result.unresolved) absorbUnresolved(view, found, path, construct, dir);
  for (const construct of result.unhashable) warn(view, found, path, construct, 'cannot be hashed (the name is computed): list the variable in the target inputs through [package.metadata.nx]');
}

/**
 * A file inside the model root a scanned file names: inside the crate the test folder holding it
 * is added to `named` (and a `#[path]` module is scanned as one); outside it is reached.
 */
function noteNamed(view: CrateView, found: Found, named: Set<string>, file: string, asModule: boolean, isDir = view.kind(file) === 'dir'): void {
  if (!inCrate(view, file)) return reach(view, found, file, true, isDir);
  const dir = testDirOf(view, file);
  if (dir) named.add(dir);
  if (/\.(?:md|markdown)$/i.test(file)) found.markdown = true;
  if (asModule) enqueue(found, file, true);
}

/** An out-of-line `mod x;` of a scanned file: the candidate that exists (else the first). */
function absorbModule(view: CrateView, found: Found, named: Set<string>, path: string, candidates: string[]): void {
  const file = candidates.find((c) => view.kind(c) === 'file') ?? candidates[0];
  // `x/mod.rs` is a mod-rs file; `x.rs` is not (`#[path]` inside its inline modules nests in `x/`).
  const modRsFile = baseName(file) === 'mod.rs';
  if (inCrate(view, file)) noteNamed(view, found, named, file, false);
  else if (view.kind(file) === 'file') {
    const where = locate(view, found, file, path, `mod ${baseName(candidates[0]).replace(/\.rs$/, '')}`, false);
    if (where === undefined) enqueue(found, file, modRsFile);
    else reach(view, found, where, modRsFile);
  }
}

/** A construct of `path` whose read cannot be resolved: every file under the folder known to hold it counts. */
function absorbUnresolved(view: CrateView, found: Found, path: string, construct: string, dir: string): void {
  const under = isAbsolutePath(dir) ? view.insideRoot(dir) : isBeyondRoot(dir) ? undefined : dir;
  if (under === undefined) {
    warn(view, found, path, construct, `cannot be resolved, and reads under ${dir}/, outside the Nx workspace: it cannot be hashed; ${DECLARE_FOLDER}`);
  } else if (under === '') {
    found.wide = found.anywhere = true;
    warn(view, found, path, construct, 'cannot be resolved: every file of the workspace is hashed instead');
  } else if (inCrate(view, under)) {
    found.wide = true;
    warn(view, found, path, construct, `cannot be resolved: every file of the crate is hashed instead`);
  } else {
    found.outside.add(`${under}/**/*`);
    warn(view, found, path, construct, `cannot be resolved: every file under ${under}/ is hashed instead`);
  }
}

/** A test folder the library, binaries or build script reach (transitively) is compiled by `cargo build`: adds it to `kept`. */
function keepReachedTestDirs(edges: Found['edges'], kept: Set<string>): void {
  for (let changed = true; changed; ) {
    changed = false;
    for (const { from, to } of edges) {
      if (from !== undefined && !kept.has(from)) continue;
      for (const dir of to) if (!kept.has(dir)) (kept.add(dir), (changed = true));
    }
  }
}

function summarize(view: CrateView, found: Found): SourceReads {
  const everything = found.wide || (view.buildScript !== undefined && !found.watches);
  return {
    markdown: found.markdown || found.wide,
    outside: found.anywhere ? ['**/*'] : [...found.outside].sort(),
    unseen: [...found.unseen].sort(),
    env: [...found.env].sort(),
    compiledTestDirs: everything ? [...TEST_DIRS] : TEST_DIRS.filter((d) => found.kept.has(d)),
    warnings: found.warnings,
  };
}
