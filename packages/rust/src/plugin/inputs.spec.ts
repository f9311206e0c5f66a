import { modelOf, pkg } from '../testing/memory-workspace';
import { crateNamedInputs, defaultNamedInputs, targetInputs } from './inputs';

const model = modelOf({
  'rust/Cargo.toml': '[workspace]\nmembers = ["crates/*"]\n',
  'rust/crates/a/Cargo.toml': pkg('a'),
  'rust/crates/a/src/lib.rs': '',
});
const [crate] = model.crates;
const ws = model.workspaces[0];

describe('targetInputs', () => {
  it('hashes the crate, its dependencies, workspace files, environment and only its own externals', () => {
    expect(targetInputs('build', crate)).toEqual(['cargo-sources', '^cargo-sources', 'cargo-workspace', 'cargo-env', { externalDependencies: [] }]);
  });

  it('names the workspace manifest, toolchain and cargo config files from the workspace root up', () => {
    const named = crateNamedInputs(ws, new Set());
    expect(named['cargo-sources']).toEqual(['{projectRoot}/**/*', '!{projectRoot}/target/**/*']);
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
    expect(Object.values(named).flat().some((i) => typeof i === 'string' && i.endsWith('Cargo.lock'))).toBe(false);
    expect(named['cargo-env']).toEqual(expect.arrayContaining([{ env: 'RUSTFLAGS' }, { runtime: 'rustc -vV' }]));
  });

  it('leaves out the named inputs nx.json defines, except a nested workspace own files', () => {
    const shared = new Set(['cargo-sources', 'cargo-env', 'cargo-workspace']);
    expect(Object.keys(crateNamedInputs(ws, shared))).toEqual(['cargo-workspace']);
    const root = modelOf({ 'Cargo.toml': '[workspace]\nmembers = ["a"]\n', 'a/Cargo.toml': pkg('a'), 'a/src/lib.rs': '' });
    expect(crateNamedInputs(root.workspaces[0], shared)).toEqual({});
    expect(defaultNamedInputs()['cargo-workspace']).toContain('{workspaceRoot}/Cargo.toml');
  });

  it('adds clippy configuration to lint only', () => {
    expect(targetInputs('lint', crate)).toContain('{workspaceRoot}/rust/crates/clippy.toml');
    expect(targetInputs('lint', crate)).toContain('{workspaceRoot}/clippy.toml');
    expect(targetInputs('build', crate)).not.toContain('{workspaceRoot}/clippy.toml');
  });

  it('gives fmt the crate own files and rustfmt configuration, not its dependencies or cargo env', () => {
    const inputs = targetInputs('fmt', crate);
    expect(inputs).toContain('{workspaceRoot}/rust/crates/rustfmt.toml');
    // The crate's own rustfmt.toml is one of its files, already in cargo-sources.
    expect(inputs).not.toContain('{workspaceRoot}/rust/crates/a/rustfmt.toml');
    expect(inputs).toContain('{workspaceRoot}/.rustfmt.toml');
    expect(inputs).not.toContain('^cargo-sources');
    expect(inputs).not.toContain('cargo-env');
  });
});
