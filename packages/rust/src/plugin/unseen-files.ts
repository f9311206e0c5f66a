import type { Workspace } from '../cargo';
import { isWithin } from '../cargo/paths';

/**
 * What cargo reads for a Cargo workspace that Nx cannot hash as files (Nx hashes only files git
 * does not ignore, inside the Nx root), and the runtime inputs that hash it instead. Nx runs a
 * runtime input through a shell at the Nx root when it hashes a task, once per distinct command
 * in a run, and hashes what it prints: so each command is the same for every crate of a Cargo
 * workspace, names no absolute path, and prints no absolute path.
 */
export interface Unseen {
  /**
   * Cargo.lock is not among the files Nx gave: git ignores it, or it does not exist yet (then the
   * first build writes it, and Nx, which watches only what git does not ignore, may never say so).
   */
  lock: boolean;
  /** `[patch]`/`[replace]` path crates inside the Nx root: file inputs (no edge leads to them). */
  patchDirs: string[];
  /** Crates outside the Nx root the workspace builds: their files are hashed by the runtime input. */
  outside: string[];
}

export function unseenOf(ws: Workspace): Unseen {
  const patches = ws.patchPaths ?? [];
  const outside = [...(ws.outsidePaths ?? []), ...patches.filter((p) => !isWithin(p, ''))];
  return {
    lock: ws.lockfilePath === undefined,
    patchDirs: patches.filter((p) => isWithin(p, '')),
    outside: [...new Set(outside)].sort(),
  };
}

/** Where the runtime inputs' code is, as Nx resolves the plugin: from the Nx root. */
const RUNTIME_MODULE = '@ms/rust/dist/runtime/cargo-state.js';

const call = (fn: string, arg = '') => `node -e "require('${RUNTIME_MODULE}').${fn}(${arg})"`;

/**
 * Prints, for one Cargo workspace, cargo's configuration from every config file cargo reads there
 * (git-ignored ones, those above the Nx root and `$CARGO_HOME`'s included), the environment cargo
 * and rustc read (one process for both: Nx runs runtime inputs one after the other), its
 * Cargo.lock when Nx cannot see it, and digests of the crates outside the Nx root it builds.
 */
export function workspaceStateCommand(wsRoot: string, unseen: Unseen): string {
  const fields = [`dir:${jsString(wsRoot)}`, 'env:true'];
  if (unseen.lock) fields.push('lock:true');
  if (unseen.outside.length) fields.push(`paths:[${unseen.outside.map(jsString).join(',')}]`);
  return call('printWorkspace', `{${fields.join(',')}}`);
}

/**
 * Prints digests of files one crate compiles from beyond the Nx root (see `SourceReads.unseen`):
 * each path as its sources name it, relative to the Nx root or absolute, never made absolute here.
 */
export function unseenFilesCommand(paths: readonly string[]): string {
  return call('printFiles', `{paths:[${paths.map(jsString).join(',')}]}`);
}

/**
 * The toolchain's identity (version, commit, host) where cargo runs: in the Cargo workspace's
 * folder, where rustup picks the toolchain (`rust-toolchain.toml` there or above, `rustup
 * override`). `cd` and `&&` mean the same in sh and cmd.exe; only the quoting differs. The folder
 * reaches the shell quoted so that nothing in its name is expanded or run.
 */
export function toolchainCommand(wsRoot: string, platform: NodeJS.Platform = process.platform): string {
  if (wsRoot === '') return 'rustc -vV';
  return `cd ${/^[\w./@+-]+$/.test(wsRoot) ? wsRoot : platform === 'win32' ? cmdQuoted(wsRoot) : shQuoted(wsRoot)} && rustc -vV`;
}

/** sh: inside single quotes every character is literal but the quote itself, written `'\''`. */
const shQuoted = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * cmd.exe: inside double quotes all is literal but `"` and `%` (and `!` under delayed expansion),
 * which cannot be escaped there; such a folder is refused rather than run.
 */
function cmdQuoted(s: string): string {
  const bad = /["%!\r\n]/.exec(s);
  if (bad) throw new Error(`The Cargo workspace folder "${s}" holds ${JSON.stringify(bad[0])}, which cmd.exe cannot be given safely (Nx runs the toolchain check through it): rename the folder`);
  return `"${s}"`;
}

/**
 * A JavaScript string literal that survives sh and cmd.exe inside double quotes: single-quoted,
 * and %-encoded (decoded by the runtime module) beyond the characters no shell treats specially.
 */
function jsString(s: string): string {
  return `'${s.replace(/[^\w./@+-]/g, (c) => encodeURIComponent(c).replace(/[!'()*]/g, (x) => `%${x.charCodeAt(0).toString(16).toUpperCase()}`))}'`;
}
