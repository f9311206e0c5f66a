import { modelOf, pkg } from '../testing/memory-workspace';
import { crateNamedInputs, defaultNamedInputs, sharedTargetInputs } from './inputs';

const model = modelOf({
  'rust/Cargo.toml': '[workspace]\nmembers = ["crates/*"]\n',
  'rust/crates/a/Cargo.toml': pkg('a'),
  'rust/crates/a/src/lib.rs': '',
});
const ws = model.workspaces[0];

describe('targetInputs', () => {
  it('hashes the crate, its dependencies, workspace files, environment and only its own externals', () => {
    expect(sharedTargetInputs('build')).toEqual(['cargo-sources', '^cargo-sources', 'cargo-workspace', 'cargo-env', { externalDependencies: [] }]);
  });

  it('names the workspace manifest, toolchain and cargo config files from the workspace root up', () => {
    const named = crateNamedInputs(ws, new Set());
    expect(named['cargo-sources']).toEqual(['{projectRoot}/**/*', '!{projectRoot}/target/**/*', '!{projectRoot}/Cargo.lock']);
    expect(named['cargo-workspace']).toEqual(
      expect.arrayContaining([
        '{workspaceRoot}/rust/Cargo.toml',
        '{workspaceRoot}/rust/rust-toolchain.toml',
        '{workspaceRoot}/rust/.cargo/config.toml',
        '{workspaceRoot}/rust-toolchain.toml',
        '{workspaceRoot}/.cargo/config.toml',
      ]),
    );
    // Cargo.lock as a whole is never an input: the crate's slice reaches the hash as external nodes.
    expect(Object.values(named).flat().filter((i) => typeof i === 'string' && i.endsWith('Cargo.lock'))).toEqual(['!{projectRoot}/Cargo.lock']);
    expect(named['cargo-env']).toEqual(expect.arrayContaining([{ env: 'RUSTFLAGS' }, { runtime: 'rustc -vV' }]));
  });

  it('adds the whole Cargo.lock to the workspace files only when asked (cargoLockInput)', () => {
    expect(crateNamedInputs(ws, new Set())['cargo-workspace']).not.toContain('{workspaceRoot}/rust/Cargo.lock');
    expect(crateNamedInputs(ws, new Set(), true)['cargo-workspace']).toContain('{workspaceRoot}/rust/Cargo.lock');
    expect(defaultNamedInputs(true)['cargo-workspace']).toContain('{workspaceRoot}/Cargo.lock');
  });

  it('leaves out the named inputs nx.json defines, except a nested workspace own files', () => {
    const shared = new Set(['cargo-sources', 'cargo-env', 'cargo-workspace']);
    expect(Object.keys(crateNamedInputs(ws, shared))).toEqual(['cargo-workspace']);
    const root = modelOf({ 'Cargo.toml': '[workspace]\nmembers = ["a"]\n', 'a/Cargo.toml': pkg('a'), 'a/src/lib.rs': '' });
    expect(crateNamedInputs(root.workspaces[0], shared)).toEqual({});
    expect(defaultNamedInputs()['cargo-workspace']).toContain('{workspaceRoot}/Cargo.toml');
  });

  it('adds clippy configuration to lint only', () => {
    expect(sharedTargetInputs('lint')).toEqual(expect.arrayContaining(['{workspaceRoot}/**/clippy.toml', '{workspaceRoot}/**/.clippy.toml']));
    expect(sharedTargetInputs('build')).not.toContain('{workspaceRoot}/**/clippy.toml');
  });

  it('gives fmt the crate own files and rustfmt configuration, not its dependencies or cargo env', () => {
    const inputs = sharedTargetInputs('fmt');
    expect(inputs).toEqual(expect.arrayContaining(['cargo-sources', '{workspaceRoot}/**/rustfmt.toml', '{workspaceRoot}/**/.rustfmt.toml', { runtime: 'rustc -vV' }]));
    expect(inputs).not.toContain('^cargo-sources');
    expect(inputs).not.toContain('cargo-env');
  });
});
