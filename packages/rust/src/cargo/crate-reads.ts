import type { FileScan } from './includes';
import { baseName, dirOf, isWithin, joinRelative } from './paths';
import type { Crate } from './types';

/** What compiling a crate (and running its tests) reads besides the files of its folder. */
export interface SourceReads {
  /** Compiling it may read its Markdown files (see `FileScan.markdown`), or anything (a widened read). */
  markdown: boolean;
  /**
   * What it reads outside its folder, as globs relative to the model root: files, `dir/**\/*` for
   * folders (a symlinked folder, a widened read), `**\/*` when nothing is known of a read.
   */
  outside: string[];
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

export const NO_READS: SourceReads = { markdown: false, outside: [], env: [], compiledTestDirs: [], warnings: [] };

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
  /** Whether a path (relative to the model root) is a file, a folder, or nothing. */
  kind: (path: string) => 'file' | 'dir' | undefined;
  /** The `.rs` files Nx knows of under a folder (for symlinked folders). */
  rsFilesUnder: (dir: string) => string[];
}

const isModRs = (path: string) => ['lib.rs', 'main.rs', 'mod.rs', 'build.rs'].includes(baseName(path));

/**
 * Combines the scans of a crate's files, and of the files outside its folder it compiles (target
 * roots, build script, `#[path]` modules and their own modules, included `.rs` files, symlinks),
 * into what its targets must hash.
 */
export function crateReads({ crate, ownFiles, symlinks, scan, kind, rsFilesUnder }: CrateReadsInput): SourceReads {
  const root = crate.root;
  const inCrate = (p: string) => isWithin(p, root);
  const outsideNx = (p: string) => p === '..' || p.startsWith('../');
  const buildScript = crate.buildScript === undefined ? undefined : joinRelative(root, crate.buildScript);
  const isBuildFile = (p: string) => p === buildScript || baseName(p) === 'build.rs' || (buildScript !== undefined && isWithin(p, joinRelative(dirOf(buildScript), 'build')));
  const testDirOf = (p: string) => TEST_DIRS.find((d) => isWithin(p, joinRelative(root, d)));

  let markdown = false;
  /** A read that cannot be resolved: the crate's every file counts (`anywhere`: and the workspace's). */
  let wide = false;
  let anywhere = false;
  const outside = new Set<string>();
  const env = new Set<string>();
  const warnings: string[] = [];
  let watches = false;
  /** Per scanned file: the test folder it lies in, and the test folders it names. */
  const edges: { from: string | undefined; to: Set<string> }[] = [];
  const kept = new Set<string>();
  const warn = (file: string, construct: string, what: string) => warnings.push(`crate ${crate.name}: ${file}: \`${construct}\` ${what}`);

  const queue: { path: string; modRs: boolean }[] = ownFiles.map((path) => ({ path, modRs: isModRs(path) || crate.targets.some((t) => joinRelative(root, t.path) === path) }));
  const seen = new Set(ownFiles);
  const visitOutside = (path: string, isDir = false) => {
    if (outsideNx(path)) return;
    outside.add(isDir ? `${path}/**/*` : path);
  };
  const follow = (path: string) => {
    if (seen.has(path) || !path.endsWith('.rs') || outsideNx(path)) return;
    seen.add(path);
    queue.push({ path, modRs: true });
  };
  for (const t of crate.targets) {
    const path = joinRelative(root, t.path);
    if (!inCrate(path)) (visitOutside(path), follow(path));
    if ((t.kind === 'lib' || t.kind === 'bin') && testDirOf(path)) kept.add(testDirOf(path)!);
  }
  if (buildScript !== undefined) {
    if (!inCrate(buildScript)) (visitOutside(buildScript), follow(buildScript));
    if (testDirOf(buildScript)) kept.add(testDirOf(buildScript)!);
  }
  for (const s of symlinks) {
    if (s.target === undefined || outsideNx(s.target)) {
      warn(s.link, 'symlink', 'points outside the Nx workspace: what it points to cannot be hashed');
      continue;
    }
    if (inCrate(s.target)) continue;
    visitOutside(s.target, s.isDir);
    if (s.isDir) for (const f of rsFilesUnder(s.target)) follow(f);
    else follow(s.target);
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
    for (const file of result.files) {
      if (inCrate(file)) {
        const dir = testDirOf(file);
        if (dir) named.add(dir);
        if (/\.(?:md|markdown)$/i.test(file)) markdown = true;
      } else {
        visitOutside(file, kind(file) === 'dir');
        follow(file);
      }
    }
    for (const candidates of result.modules) {
      const found = candidates.find((c) => kind(c) === 'file') ?? candidates[0];
      if (inCrate(found)) {
        const dir = testDirOf(found);
        if (dir) named.add(dir);
      } else if (kind(found) === 'file') {
        visitOutside(found);
        follow(found);
      }
    }
    edges.push({ from: own ? testDirOf(path) : undefined, to: named });
    for (const { construct, dir } of result.unresolved) {
      if (dir === '' || outsideNx(dir)) {
        wide = anywhere = true;
        warn(path, construct, 'cannot be resolved: every file of the workspace is hashed instead');
      } else if (inCrate(dir)) {
        wide = true;
        warn(path, construct, `cannot be resolved: every file of the crate is hashed instead`);
      } else {
        visitOutside(dir, true);
        warn(path, construct, `cannot be resolved: every file under ${dir}/ is hashed instead`);
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
    env: [...env].sort(),
    compiledTestDirs: everything ? [...TEST_DIRS] : TEST_DIRS.filter((d) => kept.has(d)),
    warnings,
  };
}
