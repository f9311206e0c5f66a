import type { TargetConfiguration } from '@nx/devkit';
import { NO_READS, TEST_DIRS, type SourceReads, type Workspace } from '../cargo';
import type { TargetKind } from './options';
import { ENVIRONMENT_COMMAND, toolchainCommand, unseenFilesCommand, unseenOf, workspaceStateCommand, type Unseen } from './unseen-files';

type Input = NonNullable<TargetConfiguration['inputs']>[number];

/**
 * Named inputs every crate project defines, so that targets list a few names instead of dozens
 * of entries each (the inferred configuration of a 1000-crate workspace stays small):
 * - `cargo-sources`: the crate's own files, never its build output;
 * - `cargo-reads`, `cargo-all-targets`, `cargo-compiled`: what compiling it reads (see below);
 * - `cargo-workspace`: what changes what cargo does for it outside the crate: the workspace's files,
 *   cargo's configuration and the toolchain where cargo runs;
 * - `cargo-env`: the environment cargo and rustc read.
 */
export const CRATE_SOURCES = 'cargo-sources';
export const CARGO_WORKSPACE = 'cargo-workspace';
export const CARGO_ENVIRONMENT = 'cargo-env';

/**
 * The environment cargo and rustc read that can change a result: one runtime input printing every
 * variable the rule of `settingCounts` counts (`RUSTFLAGS`, `CARGO_BUILD_*`, `CARGO_PROFILE_*`,
 * `CARGO_TARGET_*`, …, never `RUSTC_WRAPPER`, `CARGO_TARGET_DIR` or tokens). A rule over names,
 * not a list: cargo's families (`CARGO_PROFILE_<NAME>_<KEY>`) cannot be listed. (An `{ env }`
 * input hashes one named variable, set or not; a runtime input hashes what its command prints.)
 */
export const CARGO_ENV_COMMAND = ENVIRONMENT_COMMAND;

/**
 * Without an `externalDependencies` input Nx hashes every external node of the workspace for a
 * non-@nx executor, so any Cargo.lock change would miss every cache. Declared empty, the crate's
 * own lock slice still reaches the hash: `^` inputs walk its graph edges to `cargo:` nodes and
 * their transitive dependencies.
 */
const OWN_EXTERNALS_ONLY: Input = { externalDependencies: [] };

/**
 * What compiling the crate reads outside its folder (see `crateReads`): the files its `include*!`,
 * `#[path]`, target paths, build script and symlinks name (those beyond the Nx root through a
 * runtime input), and the variables its sources read at compile time. Every target that compiles
 * the crate or runs what it compiled hashes it.
 */
export const CRATE_READS = 'cargo-reads';
/**
 * What compiling every target of the crate (`--all-targets`) reads: its files but Markdown, unless
 * the crate includes Markdown (see `scanRustFile`) or has a build script (cargo re-runs one when
 * any file of the package changes), plus `cargo-reads`.
 */
export const CRATE_ALL_TARGETS = 'cargo-all-targets';
/**
 * What compiling the crate's library, binaries and build script reads (`cargo build`, and the
 * crates depending on it): `cargo-all-targets` without `tests/`, `benches/` and `examples/`, unless
 * those compile files there (see `SourceReads.compiledTestDirs`).
 */
export const CRATE_COMPILED = 'cargo-compiled';
const NOT_MARKDOWN = ['!{projectRoot}/**/*.md', '!{projectRoot}/**/*.markdown'];
const notCompiled = (kept: readonly string[]) => TEST_DIRS.filter((d) => !kept.includes(d)).map((d) => `!{projectRoot}/${d}/**/*`);

/**
 * The lock gate: a task per crate that runs nothing and whose input is the whole Cargo.lock. Compiling targets
 * depend on it and read its (never written) outputs: `nx affected` then carries a lock-only change
 * to them, while their hashes still see only their own slice of the lock (through `cargo:` nodes).
 */
export const LOCK_GATE_TARGET = 'cargo-lock';
const LOCK_GATE_OUTPUTS = 'dist/.cargo-lock';
const READS_LOCK_GATE: Input = { dependentTasksOutputFiles: `${LOCK_GATE_OUTPUTS}/**` };
/**
 * The gate's outputs as an input of a compiling target, unless the installed Nx would then never
 * look the target up in a batch (Nx 22 and 23, see `NxBehaviour.readsLockGateOutputs`).
 */
const lockGateInput = (reads: boolean): Input[] => (reads ? [READS_LOCK_GATE] : []);

/** The named inputs with the values a crate of a Cargo workspace at the Nx root gets. */
export function defaultNamedInputs(): Record<string, Input[]> {
  return {
    // Cargo.lock is left out: the crate's slice of it is hashed through the graph's cargo: nodes.
    [CRATE_SOURCES]: ['{projectRoot}/**/*', '!{projectRoot}/target/**/*', '!{projectRoot}/Cargo.lock'],
    [CRATE_READS]: [],
    [CRATE_ALL_TARGETS]: [CRATE_SOURCES, ...NOT_MARKDOWN, CRATE_READS],
    [CRATE_COMPILED]: [CRATE_ALL_TARGETS, ...notCompiled([])],
    [CARGO_WORKSPACE]: workspaceFiles('', NOTHING_UNSEEN),
    [CARGO_ENVIRONMENT]: [{ runtime: CARGO_ENV_COMMAND }],
  };
}

/**
 * The named inputs a crate project must define itself: those nx.json does not define (see
 * `sharedNxJsonConfig`: defined once there, they keep every project's configuration small),
 * `cargo-workspace` whenever the crate's Cargo workspace is not at the Nx root, and the crate's
 * own-file inputs whenever its reads make them differ from the defaults.
 */
export function crateNamedInputs(ws: Workspace, inNxJson: ReadonlySet<string>, reads: SourceReads = NO_READS, buildScript = false): Record<string, Input[]> {
  const inputs = defaultNamedInputs();
  inputs[CARGO_WORKSPACE] = workspaceFiles(ws.root, unseenOf(ws));
  const own: Record<string, Input[]> = {
    [CRATE_READS]: [
      ...reads.outside.map((f) => `{workspaceRoot}/${f}`),
      ...(reads.unseen.length ? [{ runtime: unseenFilesCommand(reads.unseen) }] : []),
      ...reads.env.map((env) => ({ env })),
    ],
    [CRATE_ALL_TARGETS]: [CRATE_SOURCES, ...(reads.markdown || buildScript ? [] : NOT_MARKDOWN), CRATE_READS],
    [CRATE_COMPILED]: [CRATE_ALL_TARGETS, ...notCompiled(reads.compiledTestDirs)],
  };
  // An nx.json written before cargo-reads existed defines a cargo-compiled that does not name it: then
  // the crate defines all three itself.
  const sharedOwn = Object.keys(own).every((name) => inNxJson.has(name));
  const differs = new Set(Object.keys(own).filter((name) => !sharedOwn || JSON.stringify(own[name]) !== JSON.stringify(inputs[name])));
  Object.assign(inputs, own);
  for (const name of inNxJson) {
    // nx.json holds the value of a Cargo workspace at the Nx root that hides nothing from Nx.
    if (name === CARGO_WORKSPACE && JSON.stringify(inputs[name]) !== JSON.stringify(workspaceFiles('', NOTHING_UNSEEN))) continue;
    if (differs.has(name)) continue;
    delete inputs[name];
  }
  return inputs;
}

/** Folders from `dir` up to the Nx workspace root, as `{workspaceRoot}/…` prefixes. */
function upTo(dir: string): string[] {
  const out: string[] = [];
  for (let d = dir; ; d = d.includes('/') ? d.slice(0, d.lastIndexOf('/')) : '') {
    out.push(d === '' ? '{workspaceRoot}' : `{workspaceRoot}/${d}`);
    if (d === '') return out;
  }
}

/**
 * The workspace manifest, and, from the folder cargo runs in (the workspace root) upwards,
 * rustup's toolchain file and cargo's config (both are looked up from the current folder up);
 * its `[patch]` crates inside the Nx root; then the runtime inputs covering what Nx cannot see
 * (see `unseen-files.ts`) and the toolchain picked in that folder.
 */
function workspaceFiles(wsRoot: string, unseen: Unseen): Input[] {
  const files: Input[] = [`${rootPrefix(wsRoot)}Cargo.toml`];
  for (const dir of upTo(wsRoot)) {
    files.push(`${dir}/rust-toolchain`, `${dir}/rust-toolchain.toml`, `${dir}/.cargo/config`, `${dir}/.cargo/config.toml`);
  }
  for (const dir of unseen.patchDirs) files.push(`${rootPrefix(dir)}**/*`);
  files.push({ runtime: workspaceStateCommand(wsRoot, unseen) }, { runtime: toolchainCommand(wsRoot) });
  return files;
}

const NOTHING_UNSEEN: Unseen = { lock: false, patchDirs: [], outside: [] };

/**
 * clippy.toml and rustfmt.toml are looked up from the crate's folder upwards. Listing each crate's
 * ancestors would make every project's configuration different; one pattern over the workspace
 * keeps it shared, at the cost of re-running lint/fmt when such a file changes anywhere.
 */
const TOOL_CONFIG: Partial<Record<TargetKind, string[]>> = {
  lint: ['{workspaceRoot}/**/clippy.toml', '{workspaceRoot}/**/.clippy.toml'],
  fmt: ['{workspaceRoot}/**/rustfmt.toml', '{workspaceRoot}/**/.rustfmt.toml'],
};

const rootPrefix = (wsRoot: string) => `{workspaceRoot}/${wsRoot === '' ? '' : `${wsRoot}/`}`;

/**
 * Kinds whose inputs list the crate's build closure (see `buildClosures`) by name, so they differ
 * from crate to crate: a change only a dev-dependency sees must not re-run `build`. (`doc` could
 * too, but every list costs graph size: it takes `^` like the others.)
 */
export const CLOSURE_KINDS: ReadonlySet<TargetKind> = new Set(['build', 'package']);

/** Kinds that depend on the lock gate: those that compile and are cached. */
export const GATED_KINDS: ReadonlySet<TargetKind> = new Set(['build', 'check', 'test', 'lint', 'doc', 'bench', 'package']);

/**
 * What Rust's test harness (libtest) and runtime read when the tests run and that can change
 * their result or output: how many run at once and in which order (racy tests), captured output,
 * backtraces, the stack size of test threads. No source names them, so the scan cannot find them.
 */
const TEST_HARNESS_ENV = ['RUST_TEST_THREADS', 'RUST_TEST_SHUFFLE', 'RUST_TEST_SHUFFLE_SEED', 'RUST_TEST_NOCAPTURE', 'RUST_BACKTRACE', 'RUST_MIN_STACK'];

/**
 * Inputs of each target kind that are the same for every crate (none for the closure kinds).
 * check, test, lint, bench and doc see every crate the crate depends on
 * (`^`, transitively, and with them the crate's Cargo.lock packages) through any kind of
 * dependency. test, lint, bench and doc see all the crate's own files (tests may read any of
 * them) and what it reads outside its folder; check what compiling all its targets reads;
 * dependencies count by what compiling them reads. `fmt` looks at the crate's own files and its
 * `#[path]` modules (in `cargo-reads`), rustfmt's settings and the toolchain.
 */
export function sharedTargetInputs(kind: TargetKind, readsLockGate = true): Input[] | undefined {
  if (CLOSURE_KINDS.has(kind)) return undefined;
  const tool = TOOL_CONFIG[kind] ?? [];
  // rustfmt formats `#[path]` modules too, wherever they are.
  if (kind === 'fmt') return [CRATE_SOURCES, CRATE_READS, CARGO_WORKSPACE, ...tool, OWN_EXTERNALS_ONLY];
  const own = kind === 'check' ? [CRATE_ALL_TARGETS] : [CRATE_SOURCES, CRATE_READS];
  const harness = kind === 'test' || kind === 'bench' ? TEST_HARNESS_ENV.map((env) => ({ env })) : [];
  return [...own, `^${CRATE_COMPILED}`, CARGO_WORKSPACE, CARGO_ENVIRONMENT, OWN_EXTERNALS_ONLY, ...lockGateInput(readsLockGate), ...tool, ...harness];
}

/**
 * Inputs of `build` for one crate: what compiling it reads, what compiling the crates of its build
 * closure reads (`deps`: their project names), and its closure's Cargo.lock packages (`packages`:
 * external node names; Nx adds their own dependencies).
 */
export function closureTargetInputs(deps: string[], packages: string[], readsLockGate = true): Input[] {
  const inputs: Input[] = [CRATE_COMPILED];
  if (deps.length) inputs.push({ input: CRATE_COMPILED, projects: deps });
  inputs.push(CARGO_WORKSPACE, CARGO_ENVIRONMENT, { externalDependencies: packages }, ...lockGateInput(readsLockGate));
  return inputs;
}

/**
 * Inputs of `package` for one crate: `build`'s, except that all the crate's own files count (its
 * README, LICENSE and CHANGELOG go into the archive, and every file into the .crate), plus the
 * documents the archive takes from the Cargo workspace root when the crate has none, and
 * SOURCE_DATE_EPOCH (the archive entries' time).
 */
export function packageTargetInputs(deps: string[], packages: string[], ws: Workspace, readsLockGate = true): Input[] {
  const inputs: Input[] = [CRATE_SOURCES, CRATE_READS];
  if (deps.length) inputs.push({ input: CRATE_COMPILED, projects: deps });
  const root = rootPrefix(ws.root);
  inputs.push(CARGO_WORKSPACE, CARGO_ENVIRONMENT, { externalDependencies: packages }, ...lockGateInput(readsLockGate));
  inputs.push(`${root}README*`, `${root}LICENSE*`, `${root}CHANGELOG*`, { env: 'SOURCE_DATE_EPOCH' });
  return inputs;
}

/** The no-op task whose input is the whole Cargo.lock of the crate's workspace (see LOCK_GATE_TARGET). */
export function lockGateTarget(ws: Workspace, project: string): TargetConfiguration {
  return {
    // The cargo executor, told to run nothing: Nx puts a task in the same batch as the tasks
    // depending on it only when they share an executor; with `nx:noop` every build would wait for
    // its gate and Nx would start a batch (a cargo) per handful of crates.
    executor: '@ms/rust:cargo',
    options: { command: 'none' },
    // Never cached: Nx runs the tasks reading the outputs of a batch task that misses the cache
    // without looking them up (every build would re-run on any lock change); behind a task that
    // is not cacheable Nx 24 holds them back, runs it, then hashes and looks them up as usual
    // (Nx 22 and 23 never do: there nothing reads the gate's outputs).
    cache: false,
    inputs: [`${rootPrefix(ws.root)}Cargo.lock`, OWN_EXTERNALS_ONLY],
    outputs: [`{workspaceRoot}/${LOCK_GATE_OUTPUTS}/${project}`],
    metadata: { description: 'Marks the crate affected when Cargo.lock changes; does nothing' },
  };
}
