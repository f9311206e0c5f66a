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
  const root = crate.root;
  const inCrate = (p: string) => !isBeyondRoot(p) && isWithin(p, root);
  const buildScript = crate.buildScript === undefined ? undefined : joinWritten(root, crate.buildScript);
  const isBuildFile = (p: string) => p === buildScript || baseName(p) === 'build.rs' || (buildScript !== undefined && isWithin(p, joinRelative(dirOf(buildScript), 'build')));
  const testDirOf = (p: string) => (inCrate(p) ? TEST_DIRS.find((d) => isWithin(p, joinRelative(root, d))) : undefined);

  let markdown = false;
  /** A read that cannot be resolved: the crate's every file counts (`anywhere`: and the workspace's). */
  let wide = false;
  let anywhere = false;
  const outside = new Set<string>();
  const unseen = new Set<string>();
  const env = new Set<string>();
  const warnings: string[] = [];
  let watches = false;
  /** Per scanned file (or symlink): the test folder it lies in, and the test folders it names. */
  const edges: { from: string | undefined; to: Set<string> }[] = [];
  const kept = new Set<string>();
  const warn = (file: string, construct: string, what: string) => warnings.push(`crate ${crate.name}: ${file}: \`${construct}\` ${what}`);

  /** Files to scan, once per way of owning their folder: a file both `mod x;` and `#[path]` load is compiled as both. */
  const queue: { path: string; modRs: boolean }[] = [];
  const seen = new Set<string>();
  const enqueue = (path: string, modRs: boolean) => {
    const key = `${modRs ? 'm' : 'f'}|${path}`;
    if (seen.has(key) || !path.endsWith('.rs')) return;
    seen.add(key);
    queue.push({ path, modRs });
  };
  const targetRoots = new Set(crate.targets.map((t) => joinWritten(root, t.path)));
  for (const path of ownFiles) enqueue(path, isModRs(path) || targetRoots.has(path));

  /**
   * Where a path the crate names lies, relative to the model root. Beyond it (above it, or absolute
   * outside it) no file input can name it: undefined, and a file is `unseen` (a folder cannot be
   * hashed: a warning naming the file and the construct). An absolute path inside the root is
   * hashed as its relative path, with a warning: a checkout elsewhere reads another file.
   */
  const locate = (path: string, file: string, construct: string, isDir: boolean): string | undefined => {
    if (isAbsolutePath(path)) {
      const relative = insideRoot(path);
      if (relative !== undefined) {
        warn(file, construct, `names an absolute path inside the Nx workspace: it is hashed as ${relative}, but a checkout elsewhere reads another file there; write it relative`);
        return relative;
      }
    } else if (!isBeyondRoot(path)) return path;
    if (isDir) warn(file, construct, `reads ${path}/, a folder outside the Nx workspace: it cannot be hashed; ${DECLARE_FOLDER}`);
    else unseen.add(path);
    return undefined;
  };
  /** A file or folder (inside the model root) compiling the crate reads: outside the crate an input of its own; Rust sources are scanned. */
  const reach = (path: string, modRs: boolean, isDir = false) => {
    if (!inCrate(path)) outside.add(isDir ? `${path}/**/*` : path);
    enqueue(path, modRs);
  };
  /** A crate root or build script: scanned as a mod-rs file; the test folder holding it is compiled by `cargo build`. */
  const compiledRoot = (written: string, construct: string, compiled: boolean) => {
    const path = inCrate(written) ? written : locate(written, crate.manifestPath, construct, false);
    if (path === undefined) return enqueue(written, true);
    reach(path, true);
    const dir = testDirOf(path);
    if (compiled && dir) kept.add(dir);
  };
  for (const t of crate.targets) compiledRoot(joinWritten(root, t.path), `${TARGET_TABLES[t.kind]} path = "${t.path}"`, t.kind === 'lib' || t.kind === 'bin');
  if (buildScript !== undefined) compiledRoot(buildScript, `build = "${crate.buildScript}"`, true);

  for (const s of symlinks) {
    if (s.target === undefined || isBeyondRoot(s.target)) {
      // A file is read through the link (so it hashes alike wherever the checkout lives); a folder is not hashed.
      if (s.isDir) warn(s.link, 'symlink', `points to a folder outside the Nx workspace: it cannot be hashed; ${DECLARE_FOLDER}`);
      else unseen.add(s.link);
      continue;
    }
    if (inCrate(s.target)) {
      // Nx hashes the link as its text and what it points to as the crate's own file: what compiles
      // through the link lies where it points, so a test folder it points into (or holds) counts as the link's folder does.
      const target = s.target;
      const to = TEST_DIRS.filter((d) => isWithin(target, joinRelative(root, d)) || (s.isDir && isWithin(joinRelative(root, d), target)));
      edges.push({ from: testDirOf(s.link), to: new Set(to) });
    } else outside.add(s.isDir ? `${s.target}/**/*` : s.target);
    // Nx lists no file under a symlinked folder: scan its files where they are (rustc's `..` is the file system's).
    if (s.isDir) for (const f of rsFilesUnder(s.target)) enqueue(f, isModRs(f));
    else enqueue(s.target, true);
  }

  for (let i = 0; i < queue.length; i++) {
    const { path, modRs } = queue[i];
    const result = scan(path, modRs, isBuildFile(path));
    if (!result) continue;
    const own = inCrate(path);
    markdown ||= result.markdown;
    watches ||= result.watches && isBuildFile(path);
    for (const name of result.env) env.add(name);
    const named = new Set<string>();
    /** A file inside the model root this one names: inside the crate its test folder counts (and a `#[path]` module is scanned as one); outside it is reached. */
    const note = (file: string, asModule: boolean, isDir = kind(file) === 'dir') => {
      if (!inCrate(file)) return reach(file, true, isDir);
      const dir = testDirOf(file);
      if (dir) named.add(dir);
      if (/\.(?:md|markdown)$/i.test(file)) markdown = true;
      if (asModule) enqueue(file, true);
    };
    for (const file of result.files) note(file, false);
    for (const file of result.pathModules) note(file, true, false);
    for (const { construct, path: written } of result.beyondRoot) {
      const isDir = kind(written) === 'dir';
      const where = locate(written, path, construct, isDir);
      if (where === undefined) enqueue(written, true);
      else note(where, construct.startsWith('#['), isDir);
    }
    for (const candidates of result.modules) {
      const found = candidates.find((c) => kind(c) === 'file') ?? candidates[0];
      // `x/mod.rs` is a mod-rs file; `x.rs` is not (`#[path]` inside its inline modules nests in `x/`).
      const modRsFile = baseName(found) === 'mod.rs';
      if (inCrate(found)) note(found, false);
      else if (kind(found) === 'file') {
        const where = locate(found, path, `mod ${baseName(candidates[0]).replace(/\.rs$/, '')}`, false);
        if (where === undefined) enqueue(found, modRsFile);
        else reach(where, modRsFile);
      }
    }
    edges.push({ from: own ? testDirOf(path) : undefined, to: named });
    for (const { construct, dir } of result.unresolved) {
      const under = isAbsolutePath(dir) ? insideRoot(dir) : isBeyondRoot(dir) ? undefined : dir;
      if (under === undefined) {
        warn(path, construct, `cannot be resolved, and reads under ${dir}/, outside the Nx workspace: it cannot be hashed; ${DECLARE_FOLDER}`);
      } else if (under === '') {
        wide = anywhere = true;
        warn(path, construct, 'cannot be resolved: every file of the workspace is hashed instead');
      } else if (inCrate(under)) {
        wide = true;
        warn(path, construct, `cannot be resolved: every file of the crate is hashed instead`);
      } else {
        outside.add(`${under}/**/*`);
        warn(path, construct, `cannot be resolved: every file under ${under}/ is hashed instead`);
      }
    }
    for (const construct of result.unhashable) warn(path, construct, 'cannot be hashed (the name is computed): list the variable in the target inputs through [package.metadata.nx]');
  }

  // A test folder the library, binaries or build script reach (transitively) is compiled by `cargo build`.
  for (let changed = true; changed; ) {
    changed = false;
    for (const { from, to } of edges) {
      if (from !== undefined && !kept.has(from)) continue;
      for (const dir of to) if (!kept.has(dir)) (kept.add(dir), (changed = true));
    }
  }
  const everything = wide || (buildScript !== undefined && !watches);
  return {
    markdown: markdown || wide,
    outside: anywhere ? ['**/*'] : [...outside].sort(),
    unseen: [...unseen].sort(),
    env: [...env].sort(),
    compiledTestDirs: everything ? [...TEST_DIRS] : TEST_DIRS.filter((d) => kept.has(d)),
    warnings,
  };
}
