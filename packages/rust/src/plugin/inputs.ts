import type { TargetConfiguration } from '@nx/devkit';
import type { Crate, Workspace } from '../cargo';
import type { TargetKind } from './options';

type Input = NonNullable<TargetConfiguration['inputs']>[number];

/** Named input every crate project defines: its own files, never its build output. */
export const CRATE_SOURCES = 'cargo-sources';

export function crateNamedInputs(): Record<string, Input[]> {
  return { [CRATE_SOURCES]: ['{projectRoot}/**/*', '!{projectRoot}/target/**/*'] };
}

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

/** Folders from `dir` up to the Nx workspace root, as `{workspaceRoot}/…` prefixes. */
function upTo(dir: string): string[] {
  const out: string[] = [];
  for (let d = dir; ; d = d.includes('/') ? d.slice(0, d.lastIndexOf('/')) : '') {
    out.push(d === '' ? '{workspaceRoot}' : `{workspaceRoot}/${d}`);
    if (d === '') return out;
  }
}

/**
 * Files outside the crate that change what cargo does for it: the workspace manifest, and, from
 * the folder cargo runs in (the workspace root) upwards, rustup's toolchain file and cargo's
 * config (both are looked up from the current folder to the root).
 */
function workspaceFiles(crate: Crate, ws: Workspace): string[] {
  const files = crate.root === ws.root ? [] : [`{workspaceRoot}/${ws.manifestPath}`];
  for (const dir of upTo(ws.root)) {
    files.push(`${dir}/rust-toolchain`, `${dir}/rust-toolchain.toml`, `${dir}/.cargo/config`, `${dir}/.cargo/config.toml`);
  }
  return files;
}

/** Tool configuration looked up from the crate's folder upwards (clippy.toml, rustfmt.toml). */
function toolConfigFiles(crate: Crate, names: string[]): string[] {
  return upTo(crate.root).flatMap((dir) => names.map((n) => `${dir}/${n}`));
}

/**
 * Inputs of each target kind. Compiling targets see the crate, the crates it depends on
 * (`^`, transitively; with them Nx also hashes the crate's Cargo.lock packages, which are external
 * nodes reached through the graph), workspace files, cargo's environment and the toolchain.
 * `fmt` looks at the crate's own files only.
 */
export function targetInputs(kind: TargetKind, crate: Crate, ws: Workspace): Input[] {
  const env = [...CARGO_ENV.map((name) => ({ env: name })), { runtime: CARGO_ENV_FAMILIES_COMMAND }];
  const toolchain = { runtime: TOOLCHAIN_COMMAND };
  // Without an `externalDependencies` input Nx hashes every external node of the workspace for a
  // non-@nx executor, so any Cargo.lock change would miss every cache. Declared empty, the
  // crate's own lock slice still reaches the hash: `^` inputs walk its graph edges to `cargo:`
  // nodes and their transitive dependencies.
  const externals = { externalDependencies: [] as string[] };
  const files = workspaceFiles(crate, ws);
  if (kind === 'fmt') {
    return [CRATE_SOURCES, ...files, ...toolConfigFiles(crate, ['rustfmt.toml', '.rustfmt.toml']), toolchain, externals];
  }
  const compiled: Input[] = [CRATE_SOURCES, `^${CRATE_SOURCES}`, ...files, ...env, toolchain, externals];
  if (kind === 'lint') compiled.push(...toolConfigFiles(crate, ['clippy.toml', '.clippy.toml']));
  return compiled;
}
