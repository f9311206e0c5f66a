import type { TargetConfiguration } from '@nx/devkit';
import { NO_READS, TEST_DIRS, type SourceReads, type Workspace } from '../cargo';
import { toolchainCommand, unseenFilesCommand, unseenOf, workspaceStateCommand, type Unseen } from './unseen-files';

export type Input = NonNullable<TargetConfiguration['inputs']>[number];

/**
 * Named inputs every crate project defines, so that targets list a few names instead of dozens
 * of entries each (the inferred configuration of a 1000-crate workspace stays small):
 * - `cargo-sources`: the crate's own files, never its build output;
 * - `cargo-reads`, `cargo-all-targets`, `cargo-compiled`: what compiling it reads (see below);
 * - `cargo-workspace`: what changes what cargo does for it outside the crate: the workspace's files,
 *   cargo's configuration, the environment cargo and rustc read, and the toolchain where cargo runs;
 * - `cargo-env`: empty, for inputs that name it (the environment is in `cargo-workspace`);
 * - `cargo-toolchain`: what of the Cargo workspace a target that compiles nothing (`fmt`) reads;
 * - `cargo-<kind>-inputs` (`kindInputsName`): what a target kind hashes alike for every crate,
 *   naming the above; its targets add only what a named input cannot hold (`^…`, `{ projects }`)
 *   or what differs per crate.
 */
export const CRATE_SOURCES = 'cargo-sources';
export const CARGO_WORKSPACE = 'cargo-workspace';
/**
 * nx.json's `cargo-workspace` for a Cargo workspace at the Nx root whose Cargo.lock Nx does not
 * see (git ignores it, or there is none yet): its crates define `cargo-workspace` as this name
 * alone. Whether Nx sees the lock is known from the files Nx gives createNodes only, so the
 * runtime input cannot decide it and the two values stay apart.
 */
export const CARGO_WORKSPACE_UNSEEN_LOCK = 'cargo-workspace-unseen-lock';
/**
 * What `fmt` reads outside the crate: the workspace manifest (an inherited edition), rustup's
 * toolchain files and cargo's config files (an alias can replace `cargo fmt`) from the Cargo
 * workspace root up, and the toolchain's identity there. It is `cargo-workspace` without what
 * only compiling reads (cargo's counted settings, the environment, an unseen Cargo.lock, crates
 * outside the Nx root): through its runtime input, a `RUSTFLAGS` change would re-run fmt.
 */
export const CARGO_TOOLCHAIN = 'cargo-toolchain';
/**
 * Kept, empty, for the inputs that name it: the environment cargo and rustc read is printed by
 * `cargo-workspace`'s runtime input (see `workspaceStateCommand`), which saves Nx a process per
 * command. An nx.json written before names it, with its own runtime input: `init` replaces that
 * value (see `EARLIER_NAMED_INPUTS` in the init generator).
 */
export const CARGO_ENVIRONMENT = 'cargo-env';

/**
 * Without an `externalDependencies` input Nx hashes every external node of the workspace for a
 * non-@nx executor, so any Cargo.lock change would miss every cache. Declared empty, the crate's
 * own lock slice still reaches the hash: `^` inputs walk its graph edges to `cargo:` nodes and
 * their transitive dependencies.
 */
export const OWN_EXTERNALS_ONLY: Input = { externalDependencies: [] };

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
/**
 * The Rust files of tests/, benches/ and examples/ that compiling the crate's library and binaries
 * does not read (see `SourceReads.compiledTestDirs`), as exclusions: what a unit, doc or binary
 * test (`test-ci--lib`, …) leaves out of `test`'s inputs (see `TEST_UNIT_INPUTS`).
 */
export const CRATE_UNIT_EXCLUDES = 'cargo-unit-excludes';
/**
 * The shared inputs of the atomized test targets that compile only the crate's library and
 * binaries: `test`'s (`cargo-test-inputs`) without `cargo-unit-excludes`.
 */
export const TEST_UNIT_INPUTS = 'cargo-test-unit-inputs';
const NOT_MARKDOWN = ['!{projectRoot}/**/*.md', '!{projectRoot}/**/*.markdown'];
const notCompiledRust = (kept: readonly string[]) => TEST_DIRS.filter((d) => !kept.includes(d)).map((d) => `!{projectRoot}/${d}/**/*.rs`);
const notCompiled = (kept: readonly string[]) => TEST_DIRS.filter((d) => !kept.includes(d)).map((d) => `!{projectRoot}/${d}/**/*`);

/** The named inputs with the values a crate of a Cargo workspace at the Nx root gets. */
export function defaultNamedInputs(): Record<string, Input[]> {
  return {
    // Cargo.lock is left out: the crate's slice of it is hashed through the graph's cargo: nodes.
    [CRATE_SOURCES]: ['{projectRoot}/**/*', '!{projectRoot}/target/**/*', '!{projectRoot}/Cargo.lock'],
    [CRATE_READS]: [],
    [CRATE_ALL_TARGETS]: [CRATE_SOURCES, ...NOT_MARKDOWN, CRATE_READS],
    [CRATE_COMPILED]: [CRATE_ALL_TARGETS, ...notCompiled([])],
    [CRATE_UNIT_EXCLUDES]: notCompiledRust([]),
    [CARGO_WORKSPACE]: workspaceFiles('', NOTHING_UNSEEN),
    [CARGO_ENVIRONMENT]: [],
    [CARGO_TOOLCHAIN]: toolchainFiles(''),
  };
}

/** Named inputs only nx.json holds, for crates to name (see `CARGO_WORKSPACE_UNSEEN_LOCK`). */
export function nxJsonOnlyNamedInputs(): Record<string, Input[]> {
  return { [CARGO_WORKSPACE_UNSEEN_LOCK]: workspaceFiles('', ROOT_UNSEEN_LOCK) };
}

/**
 * The named inputs a crate project must define itself: those nx.json does not define (see
 * `sharedNxJsonConfig`: defined once there, they keep every project's configuration small),
 * `cargo-workspace` whenever the crate's Cargo workspace is not at the Nx root, and the crate's
 * own-file inputs whenever its reads make them differ from the defaults.
 */
export function crateNamedInputs(
  ws: Workspace,
  inNxJson: ReadonlySet<string>,
  reads: SourceReads = NO_READS,
  buildScript = false,
  /** Whether the crate has atomized test targets (which name `cargo-unit-excludes`). */
  unitTests = false,
): Record<string, Input[]> {
  const inputs = defaultNamedInputs();
  const unitExcludes = notCompiledRust(reads.compiledTestDirs);
  if (!unitTests || (inNxJson.has(CRATE_UNIT_EXCLUDES) && JSON.stringify(unitExcludes) === JSON.stringify(inputs[CRATE_UNIT_EXCLUDES]))) delete inputs[CRATE_UNIT_EXCLUDES];
  else inputs[CRATE_UNIT_EXCLUDES] = unitExcludes;
  inputs[CARGO_WORKSPACE] = workspaceFiles(ws.root, unseenOf(ws));
  inputs[CARGO_TOOLCHAIN] = toolchainFiles(ws.root);
  if (inNxJson.has(CARGO_WORKSPACE_UNSEEN_LOCK) && isRootWorkspace(inputs[CARGO_WORKSPACE], ROOT_UNSEEN_LOCK)) inputs[CARGO_WORKSPACE] = [CARGO_WORKSPACE_UNSEEN_LOCK];
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
    if (name === CARGO_WORKSPACE && !isRootWorkspace(inputs[name], NOTHING_UNSEEN)) continue;
    if (name === CARGO_TOOLCHAIN && ws.root !== '') continue;
    if (differs.has(name) || name === CRATE_UNIT_EXCLUDES) continue;
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
 * rustup's toolchain file and cargo's config (both are looked up from the current folder up).
 */
function manifestAndConfigFiles(wsRoot: string): Input[] {
  const files: Input[] = [`${rootPrefix(wsRoot)}Cargo.toml`];
  for (const dir of upTo(wsRoot)) {
    files.push(`${dir}/rust-toolchain`, `${dir}/rust-toolchain.toml`, `${dir}/.cargo/config`, `${dir}/.cargo/config.toml`);
  }
  return files;
}

/** `cargo-toolchain`: those files, and the toolchain picked in the workspace's folder. */
function toolchainFiles(wsRoot: string): Input[] {
  return [...manifestAndConfigFiles(wsRoot), { runtime: toolchainCommand(wsRoot) }];
}

/**
 * `cargo-workspace`: those files; the workspace's `[patch]` crates inside the Nx root; then the
 * runtime inputs covering what Nx cannot see, the environment with it (see `unseen-files.ts`), and
 * the toolchain picked in that folder.
 */
function workspaceFiles(wsRoot: string, unseen: Unseen): Input[] {
  return [
    ...manifestAndConfigFiles(wsRoot),
    ...unseen.patchDirs.map((dir) => `${rootPrefix(dir)}**/*`),
    { runtime: workspaceStateCommand(wsRoot, unseen) },
    { runtime: toolchainCommand(wsRoot) },
  ];
}

const NOTHING_UNSEEN: Unseen = { lock: false, patchDirs: [], outside: [] };
const ROOT_UNSEEN_LOCK: Unseen = { ...NOTHING_UNSEEN, lock: true };

/** `cargo-workspace` of a Cargo workspace at the Nx root, as JSON: made once, compared for every crate. */
const rootWorkspaceJson = new Map<Unseen, string>();
function isRootWorkspace(inputs: Input[], unseen: Unseen): boolean {
  let json = rootWorkspaceJson.get(unseen);
  if (json === undefined) rootWorkspaceJson.set(unseen, (json = JSON.stringify(workspaceFiles('', unseen))));
  return JSON.stringify(inputs) === json;
}

export const rootPrefix = (wsRoot: string) => `{workspaceRoot}/${wsRoot === '' ? '' : `${wsRoot}/`}`;

/**
 * What Rust's test harness (libtest) and runtime read when the tests run and that can change
 * their result or output: how many run at once and in which order (racy tests), captured output,
 * backtraces, the stack size of test threads. No source names them, so the scan cannot find them.
 */
const TEST_HARNESS_ENV = ['RUST_TEST_THREADS', 'RUST_TEST_SHUFFLE', 'RUST_TEST_SHUFFLE_SEED', 'RUST_TEST_NOCAPTURE', 'RUST_BACKTRACE', 'RUST_MIN_STACK'];
export const testHarnessEnv = (): Input[] => TEST_HARNESS_ENV.map((env) => ({ env }));

/** The named input holding what a target kind hashes alike for every crate (see `TargetSpec.inputs`). */
export const kindInputsName = (kind: string) => `cargo-${kind}-inputs`;

/**
 * The shared part of the inputs of a target that compiles the crate (`own`: what of its files
 * counts); `gate`: see lock-gate.ts; `extra`: what the kind adds. Its target adds `DEPENDENCIES`.
 */
export function dependentInputs(own: Input[], gate: Input[], extra: Input[] = []): Input[] {
  return [...own, CARGO_WORKSPACE, OWN_EXTERNALS_ONLY, ...gate, ...extra];
}

/**
 * Every crate the crate depends on (`^`, transitively, and with them the crate's Cargo.lock
 * packages), through any kind of dependency, each counted by what compiling it reads. Nx allows
 * no `^` entry in a named input: it stays in the target's inputs.
 */
export const DEPENDENCIES: Input[] = [`^${CRATE_COMPILED}`];

/** The shared part of the inputs naming the crate's build closure (see `closureInputs`). */
export function closureSharedInputs(gate: Input[]): Input[] {
  return [CARGO_WORKSPACE, ...gate];
}

/**
 * Inputs naming the crate's build closure (see `buildClosures`): what compiling the crates of the
 * closure reads (`deps`: their project names) and the closure's Cargo.lock packages (`packages`:
 * external node names; Nx adds their own dependencies). They differ from crate to crate, so they
 * stay in each project's configuration.
 */
export function closureInputs(deps: string[], packages: string[]): Input[] {
  const inputs: Input[] = [];
  if (deps.length) inputs.push({ input: CRATE_COMPILED, projects: deps });
  inputs.push({ externalDependencies: packages });
  return inputs;
}
