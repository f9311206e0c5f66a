import type { Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { pkg } from '../../testing/memory-workspace';
import { expandMember, readCargoWorkspace, treeFs } from './cargo-workspace';

function treeWith(files: Record<string, string>): Tree {
  const tree = createTreeWithEmptyWorkspace();
  for (const [path, content] of Object.entries(files)) tree.write(path, content);
  return tree;
}

describe('readCargoWorkspace', () => {
  it('lists member crates from literal and glob members, and path dependencies they pull in', () => {
    const tree = treeWith({
      'Cargo.toml': '[workspace]\nmembers = ["crates/*", "tools/xtask"]\nexclude = ["crates/old"]\n\n[workspace.package]\nversion = "1.0.0"\n\n[workspace.lints.rust]\nunsafe_code = "forbid"\n',
      'crates/a/Cargo.toml': pkg('a', '[dependencies]\nhelper = { path = "../../libs/helper" }\n'),
      'crates/a/src/lib.rs': '',
      'crates/b/Cargo.toml': pkg('b-bin'),
      'crates/b/src/main.rs': '',
      'crates/old/Cargo.toml': pkg('old'),
      'crates/old/src/lib.rs': '',
      'libs/helper/Cargo.toml': pkg('helper'),
      'libs/helper/src/lib.rs': '',
      'tools/xtask/Cargo.toml': pkg('xtask'),
      'tools/xtask/src/main.rs': '',
      'elsewhere/c/Cargo.toml': pkg('not-a-member'),
    });
    const ws = readCargoWorkspace(tree);
    expect(ws.crates).toEqual([
      { name: 'a', dir: 'crates/a', hasLib: true, bins: [], version: '0.1.0' },
      { name: 'helper', dir: 'libs/helper', hasLib: true, bins: [], version: '0.1.0' },
      { name: 'b-bin', dir: 'crates/b', hasLib: false, bins: ['b-bin'], version: '0.1.0' },
      { name: 'xtask', dir: 'tools/xtask', hasLib: false, bins: ['xtask'], version: '0.1.0' },
    ]);
    expect(ws.members).toEqual(['crates/*', 'tools/xtask']);
    expect(ws.exclude).toEqual(['crates/old']);
    expect(ws.package).toEqual({ version: '1.0.0' });
    expect(ws.hasLints).toBe(true);
  });

  it('takes a root package for a member', () => {
    const tree = treeWith({ 'Cargo.toml': pkg('root'), 'src/lib.rs': '' });
    expect(readCargoWorkspace(tree).crates).toEqual([{ name: 'root', dir: '', hasLib: true, bins: [], version: '0.1.0' }]);
  });

  it('refuses a workspace without a root Cargo.toml, or with a broken one', () => {
    expect(() => readCargoWorkspace(createTreeWithEmptyWorkspace())).toThrow(
      'There is no Cargo.toml at the workspace root: run `nx g @ms/rust:init` (or `nx add @ms/rust`) first to create the Cargo workspace.',
    );
    expect(() => readCargoWorkspace(treeWith({ 'Cargo.toml': '[workspace]\nmembers = [\n' }))).toThrow(/Cannot read the root Cargo.toml \(line \d+, column \d+\): invalid TOML/);
  });
});

describe('expandMember', () => {
  const tree = treeWith({
    'crates/a/Cargo.toml': '',
    'crates/b/x': '',
    'deep/one/leaf/Cargo.toml': '',
    'deep/two/three/leaf/Cargo.toml': '',
    'deep/target/leaf/Cargo.toml': '',
  });
  const fs = treeFs(tree);

  it('expands globs on the tree, `**` included (never below target/)', () => {
    expect(expandMember('crates/*', fs)).toEqual(['crates/a', 'crates/b']);
    expect(expandMember('./crates/a/', fs)).toEqual(['crates/a']);
    expect(expandMember('deep/**/leaf', fs)).toEqual(['deep/one/leaf', 'deep/two/three/leaf']);
    expect(expandMember('../outside', fs)).toEqual([]);
  });
});
