import { CARGO_TOOLCHAIN, CRATE_READS, CRATE_SOURCES, OWN_EXTERNALS_ONLY } from '../inputs';
import type { TargetSpec } from './spec';

/**
 * rustfmt.toml is looked up from the crate's folder upwards. Listing each crate's
 * ancestors would make every project's configuration different; one pattern over the workspace
 * keeps it shared, at the cost of re-running fmt when such a file changes anywhere.
 */
const RUSTFMT_CONFIG = ['{workspaceRoot}/**/rustfmt.toml', '{workspaceRoot}/**/.rustfmt.toml'];

export const fmt: TargetSpec = {
  kind: 'fmt',
  subcommand: 'fmt',
  description: 'Check formatting with rustfmt',
  args: () => ['--check'],
  cache: true,
  // The crate's own files and its `#[path]` modules (in `cargo-reads`: rustfmt formats them too,
  // wherever they are), rustfmt's settings and the toolchain; nothing compiles, so no gate, and
  // neither cargo's build settings nor the environment.
  inputs: { scope: 'shared', named: () => [CRATE_SOURCES, CRATE_READS, CARGO_TOOLCHAIN, ...RUSTFMT_CONFIG, OWN_EXTERNALS_ONLY], deps: [] },
  lockGate: false,
  profiles: false,
};
