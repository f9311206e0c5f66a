import { modelOf, pkg } from '../testing/memory-workspace';
import { targetInputs } from './inputs';

const model = modelOf({
  'rust/Cargo.toml': '[workspace]\nmembers = ["crates/*"]\n',
  'rust/crates/a/Cargo.toml': pkg('a'),
  'rust/crates/a/src/lib.rs': '',
});
const [crate] = model.crates;
const ws = model.workspaces[0];

describe('targetInputs', () => {
  it('hashes the crate, its dependencies, the workspace manifest, toolchain and cargo config up to the root', () => {
    const inputs = targetInputs('build', crate, ws);
    expect(inputs).toEqual(
      expect.arrayContaining([
        'cargo-sources',
        '^cargo-sources',
        '{workspaceRoot}/rust/Cargo.toml',
        '{workspaceRoot}/rust/rust-toolchain.toml',
        '{workspaceRoot}/rust/.cargo/config.toml',
        '{workspaceRoot}/rust-toolchain.toml',
        '{workspaceRoot}/.cargo/config.toml',
        { env: 'RUSTFLAGS' },
        { runtime: 'rustc -vV' },
        { externalDependencies: [] },
      ]),
    );
    // Cargo.lock as a whole is never an input: the crate's slice reaches the hash as external nodes.
    expect(inputs.some((i) => typeof i === 'string' && i.endsWith('Cargo.lock'))).toBe(false);
  });

  it('adds clippy configuration to lint only', () => {
    expect(targetInputs('lint', crate, ws)).toContain('{workspaceRoot}/rust/crates/a/clippy.toml');
    expect(targetInputs('lint', crate, ws)).toContain('{workspaceRoot}/clippy.toml');
    expect(targetInputs('build', crate, ws)).not.toContain('{workspaceRoot}/clippy.toml');
  });

  it('gives fmt the crate own files and rustfmt configuration, not its dependencies or cargo env', () => {
    const inputs = targetInputs('fmt', crate, ws);
    expect(inputs).toContain('{workspaceRoot}/rust/crates/a/rustfmt.toml');
    expect(inputs).toContain('{workspaceRoot}/.rustfmt.toml');
    expect(inputs).not.toContain('^cargo-sources');
    expect(inputs).not.toContainEqual({ env: 'RUSTFLAGS' });
  });
});
