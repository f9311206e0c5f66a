import type { Input } from '../../plugin/inputs';

/** The test harness's variables, as both test inputs listed them. */
const TEST_HARNESS: Input[] = ['RUST_TEST_THREADS', 'RUST_TEST_SHUFFLE', 'RUST_TEST_SHUFFLE_SEED', 'RUST_TEST_NOCAPTURE', 'RUST_BACKTRACE', 'RUST_MIN_STACK'].map((env) => ({ env }));

/**
 * The named inputs an earlier `init` wrote to nx.json whose values have changed since, as it wrote
 * them: then `cargo-env` ran a node process of its own to print the environment, which
 * `cargo-workspace`'s runtime input now prints (one process fewer each time Nx hashes crate
 * tasks), the targets' inputs named `cargo-env`, and `fmt` named `cargo-workspace` (now
 * `cargo-toolchain`: no environment, so a `RUSTFLAGS` change does not re-run it). A record of
 * what was written, not derived from today's code: `init` replaces these values, and only these.
 */
export const EARLIER_NAMED_INPUTS: Readonly<Record<string, Input[]>> = {
  'cargo-workspace': [
    '{workspaceRoot}/Cargo.toml',
    '{workspaceRoot}/rust-toolchain',
    '{workspaceRoot}/rust-toolchain.toml',
    '{workspaceRoot}/.cargo/config',
    '{workspaceRoot}/.cargo/config.toml',
    { runtime: `node -e "require('@ms/rust/dist/runtime/cargo-state.js').printWorkspace({dir:''})"` },
    { runtime: 'rustc -vV' },
  ],
  'cargo-env': [{ runtime: `node -e "require('@ms/rust/dist/runtime/cargo-state.js').printEnvironment()"` }],
  'cargo-workspace-unseen-lock': [
    '{workspaceRoot}/Cargo.toml',
    '{workspaceRoot}/rust-toolchain',
    '{workspaceRoot}/rust-toolchain.toml',
    '{workspaceRoot}/.cargo/config',
    '{workspaceRoot}/.cargo/config.toml',
    { runtime: `node -e "require('@ms/rust/dist/runtime/cargo-state.js').printWorkspace({dir:'',lock:true})"` },
    { runtime: 'rustc -vV' },
  ],
  'cargo-build-inputs': ['cargo-compiled', 'cargo-workspace', 'cargo-env', 'cargo-lock-gate'],
  'cargo-check-inputs': ['cargo-all-targets', 'cargo-workspace', 'cargo-env', { externalDependencies: [] }, 'cargo-lock-gate'],
  'cargo-test-inputs': [
    'cargo-sources',
    'cargo-reads',
    'cargo-workspace',
    'cargo-env',
    { externalDependencies: [] },
    'cargo-lock-gate',
    ...TEST_HARNESS,
  ],
  'cargo-test-unit-inputs': [
    'cargo-sources',
    'cargo-unit-excludes',
    'cargo-reads',
    'cargo-workspace',
    'cargo-env',
    { externalDependencies: [] },
    'cargo-lock-gate',
    ...TEST_HARNESS,
  ],
  'cargo-lint-inputs': [
    'cargo-sources',
    'cargo-reads',
    'cargo-workspace',
    'cargo-env',
    { externalDependencies: [] },
    'cargo-lock-gate',
    '{workspaceRoot}/**/clippy.toml',
    '{workspaceRoot}/**/.clippy.toml',
  ],
  'cargo-fmt-inputs': [
    'cargo-sources',
    'cargo-reads',
    'cargo-workspace',
    '{workspaceRoot}/**/rustfmt.toml',
    '{workspaceRoot}/**/.rustfmt.toml',
    { externalDependencies: [] },
  ],
  'cargo-doc-inputs': ['cargo-sources', 'cargo-reads', 'cargo-workspace', 'cargo-env', { externalDependencies: [] }, 'cargo-lock-gate'],
  'cargo-package-inputs': ['cargo-sources', 'cargo-reads', 'cargo-workspace', 'cargo-env', 'cargo-lock-gate', { env: 'SOURCE_DATE_EPOCH' }],
};
