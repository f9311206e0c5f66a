import { modelOf, pkg } from '../testing/memory-workspace';
import { dependenciesFromModel } from './create-dependencies';
import { externalNodes } from './external-nodes';

const lock = `version = 4
[[package]]
name = "app"
version = "0.1.0"
dependencies = ["base", "serde"]
[[package]]
name = "base"
version = "0.1.0"
dependencies = ["itoa"]
[[package]]
name = "itoa"
version = "1.0.11"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "aaaa"
[[package]]
name = "serde"
version = "1.0.200"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "cccc"
dependencies = ["serde_derive 1.0.200 (registry+https://github.com/rust-lang/crates.io-index)"]
[[package]]
name = "serde_derive"
version = "1.0.200"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "dddd"
`;

const files: Record<string, string> = {
  'Cargo.toml': '[workspace]\nmembers = ["app", "base", "dev", "build", "unix", "renamed", "inherited"]\n[workspace.dependencies]\ninherited = { path = "inherited" }\n',
  'Cargo.lock': lock,
  'app/Cargo.toml': pkg(
    'app',
    [
      '[dependencies]',
      'base = { path = "../base" }',
      'renamed_alias = { path = "../renamed", package = "renamed" }',
      'inherited = { workspace = true }',
      'serde = "1"',
      '[dev-dependencies]',
      'dev = { path = "../dev" }',
      '[build-dependencies]',
      'build = { path = "../build" }',
      "[target.'cfg(unix)'.dependencies]",
      'unix = { path = "../unix" }',
    ].join('\n'),
  ),
  'app/src/main.rs': '',
};
for (const name of ['base', 'dev', 'build', 'unix', 'renamed', 'inherited']) {
  files[`${name}/Cargo.toml`] = pkg(name);
  files[`${name}/src/lib.rs`] = '';
}

describe('createDependencies', () => {
  const model = modelOf(files);
  const nodes = externalNodes(model.lockfiles[0]);
  const edges = dependenciesFromModel(model, () => true);
  const targetsOf = (source: string) => edges.filter((e) => e.source === source).map((e) => e.target).sort();

  it('links a crate to every workspace crate it depends on, whatever the kind, target, rename or inheritance', () => {
    expect(targetsOf('app').filter((t) => !t.startsWith('cargo:'))).toEqual(['base', 'build', 'dev', 'inherited', 'renamed', 'unix']);
    for (const e of edges.filter((e) => e.source === 'app')) expect(e).toMatchObject({ type: 'static', sourceFile: 'app/Cargo.toml' });
  });

  it('makes registry packages of Cargo.lock external nodes hashed by checksum', () => {
    expect(Object.keys(nodes).sort()).toEqual(['cargo:itoa@1.0.11', 'cargo:serde@1.0.200', 'cargo:serde_derive@1.0.200']);
    expect(nodes['cargo:serde@1.0.200']).toEqual({
      type: 'cargo',
      name: 'cargo:serde@1.0.200',
      data: { packageName: 'serde', version: '1.0.200', hash: 'serde|1.0.200|registry+https://github.com/rust-lang/crates.io-index|cccc' },
    });
  });

  it('hashes a package by name, version, source and checksum, so a placeholder checksum still tells versions apart', () => {
    const placeholder = (version: string) =>
      externalNodes(
        modelOf({
          'Cargo.toml': '[workspace]\nmembers = []\n',
          'Cargo.lock': `version = 3\n[[package]]\nname = "clap"\nversion = "${version}"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\nchecksum = "Could not get crate checksum"\n`,
        }).lockfiles[0],
      )[`cargo:clap@${version}`].data.hash;
    expect(placeholder('4.0.32')).not.toBe(placeholder('4.0.33'));
  });

  it('links crates to the packages they use directly, and packages to theirs', () => {
    expect(targetsOf('app').filter((t) => t.startsWith('cargo:'))).toEqual(['cargo:serde@1.0.200']);
    expect(targetsOf('base')).toEqual(['cargo:itoa@1.0.11']);
    expect(edges).toContainEqual({ source: 'cargo:serde@1.0.200', target: 'cargo:serde_derive@1.0.200', type: 'static' });
  });

  it('leaves out edges to projects Nx does not know', () => {
    const known = dependenciesFromModel(model, (name) => name !== 'dev');
    expect(known.some((e) => e.target === 'dev' || e.source === 'dev')).toBe(false);
  });
});
