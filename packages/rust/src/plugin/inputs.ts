import type { TargetConfiguration } from '@nx/devkit';
import type { Workspace } from '../cargo';
import type { TargetKind } from './options';

type Input = NonNullable<TargetConfiguration['inputs']>[number];

/**
 * Named inputs every crate project defines, so that targets list a few names instead of dozens
 * of entries each (the inferred configuration of a 1000-crate workspace stays small):
 * - `cargo-sources`: the crate's own files, never its build output;
 * - `cargo-workspace`: files outside the crate that change what cargo does for it;
 * - `cargo-env`: the environment and toolchain cargo and rustc read.
 */
export const CRATE_SOURCES = 'cargo-sources';
export const CARGO_WORKSPACE = 'cargo-workspace';
export const CARGO_ENVIRONMENT = 'cargo-env';

/**
 * Environment cargo and rustc read that can change a result. Wildcard families
 * (`CARGO_PROFILE_<NAME>_<KEY>`, `CARGO_TARGET_<TRIPLE>_*`) cannot be named one by one: a runtime
 * input prints them instead.
 */
const CARGO_ENV = [
  'RUSTFLAGS',
  'RUSTDOCFLAGS',
  'CARGO_ENCODED_RUSTFLAGS',
  'CARGO_ENCODED_RUSTDOCFLAGS',
  'CARGO_BUILD_RUSTFLAGS',
  'CARGO_BUILD_RUSTDOCFLAGS',
  'CARGO_BUILD_TARGET',
  'RUSTC',
  'RUSTDOC',
  'RUSTC_WORKSPACE_WRAPPER',
  'RUSTUP_TOOLCHAIN',
];

/** Printed by a runtime input: every `CARGO_PROFILE_*` and per-triple flag/linker/runner variable. */
export const CARGO_ENV_FAMILIES_COMMAND =
  'node -e "for (const k of Object.keys(process.env).sort()) if (/^CARGO_(PROFILE_|TARGET_[A-Z0-9_]+_(RUSTFLAGS|RUSTDOCFLAGS|LINKER|RUNNER)$)/.test(k)) console.log(k + \'=\' + process.env[k])"';

/** The toolchain's identity (version, commit, host): a toolchain update must miss the cache. */
export const TOOLCHAIN_COMMAND = 'rustc -vV';

/**
 * Without an `externalDependencies` input Nx hashes every external node of the workspace for a
 * non-@nx executor, so any Cargo.lock change would miss every cache. Declared empty, the crate's
 * own lock slice still reaches the hash: `^` inputs walk its graph edges to `cargo:` nodes and
 * their transitive dependencies.
 */
const OWN_EXTERNALS_ONLY: Input = { externalDependencies: [] };

/** The named inputs with the values a crate of a Cargo workspace at the Nx root gets. */
export function defaultNamedInputs(cargoLockInput = false): Record<string, Input[]> {
  return {
    // Cargo.lock is left out: the crate's slice of it is hashed through the graph's cargo: nodes.
    [CRATE_SOURCES]: ['{projectRoot}/**/*', '!{projectRoot}/target/**/*', '!{projectRoot}/Cargo.lock'],
    [CARGO_WORKSPACE]: workspaceFiles('', cargoLockInput),
    [CARGO_ENVIRONMENT]: [...CARGO_ENV.map((env) => ({ env })), { runtime: CARGO_ENV_FAMILIES_COMMAND }, { runtime: TOOLCHAIN_COMMAND }],
  };
}

/**
 * The named inputs a crate project must define itself: those nx.json does not define (see
 * `sharedNxJsonConfig`: defined once there, they keep every project's configuration small), and
 * `cargo-workspace` whenever the crate's Cargo workspace is not at the Nx root.
 */
export function crateNamedInputs(ws: Workspace, inNxJson: ReadonlySet<string>, cargoLockInput = false): Record<string, Input[]> {
  const inputs = defaultNamedInputs(cargoLockInput);
  inputs[CARGO_WORKSPACE] = workspaceFiles(ws.root, cargoLockInput);
  for (const name of inNxJson) {
    if (name !== CARGO_WORKSPACE || ws.root === '') delete inputs[name];
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
function workspaceFiles(wsRoot: string, cargoLockInput: boolean): string[] {
  const prefix = `{workspaceRoot}/${wsRoot === '' ? '' : `${wsRoot}/`}`;
  const files = [`${prefix}Cargo.toml`, ...(cargoLockInput ? [`${prefix}Cargo.lock`] : [])];
  for (const dir of upTo(wsRoot)) {
    files.push(`${dir}/rust-toolchain`, `${dir}/rust-toolchain.toml`, `${dir}/.cargo/config`, `${dir}/.cargo/config.toml`);
  }
  return files;
}

/**
 * clippy.toml and rustfmt.toml are looked up from the crate's folder upwards. Listing each crate's
 * ancestors would make every project's configuration different; one pattern over the workspace
 * keeps it shared, at the cost of re-running lint/fmt when such a file changes anywhere.
 */
const TOOL_CONFIG: Partial<Record<TargetKind, string[]>> = {
  lint: ['{workspaceRoot}/**/clippy.toml', '{workspaceRoot}/**/.clippy.toml'],
  fmt: ['{workspaceRoot}/**/rustfmt.toml', '{workspaceRoot}/**/.rustfmt.toml'],
};

/**
 * Inputs of each target kind, the same for every crate. Compiling targets see the crate, the
 * crates it depends on (`^`, transitively, and with them the crate's Cargo.lock packages),
 * workspace files, cargo's environment and the toolchain. `fmt` looks at the crate's own files,
 * rustfmt's settings and the toolchain.
 */
export function sharedTargetInputs(kind: TargetKind): Input[] {
  const tool = TOOL_CONFIG[kind];
  if (kind === 'fmt') return [CRATE_SOURCES, CARGO_WORKSPACE, ...tool!, { runtime: TOOLCHAIN_COMMAND }, OWN_EXTERNALS_ONLY];
  const inputs: Input[] = [CRATE_SOURCES, `^${CRATE_SOURCES}`, CARGO_WORKSPACE, CARGO_ENVIRONMENT, OWN_EXTERNALS_ONLY];
  if (tool) inputs.push(...tool);
  return inputs;
}
