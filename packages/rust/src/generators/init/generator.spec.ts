import { readNxJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import initGenerator from './generator';

describe('init generator', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
  });

  it('registers the plugin, its shared configuration, ignores build output and makes a workspace', async () => {
    await initGenerator(tree, { skipFormat: true });
    const nxJson = readNxJson(tree)!;
    expect(nxJson.plugins).toContain('@ms/rust');
    expect(Object.keys(nxJson.namedInputs!)).toEqual(expect.arrayContaining(['cargo-sources', 'cargo-workspace', 'cargo-env']));
    expect(nxJson.targetDefaults!.build).toEqual(expect.arrayContaining([expect.objectContaining({ filter: { plugin: '@ms/rust' }, metadata: expect.anything() })]));
    expect(tree.read('.gitignore', 'utf-8')).toMatch(/^target\/$/m);
    expect(tree.read('.gitignore', 'utf-8')).toMatch(/^dist\/$/m);
    expect(tree.read('Cargo.toml', 'utf-8')).toContain('[workspace]\nresolver = "2"\nmembers = []');
  });

  it('changes nothing the second time', async () => {
    await initGenerator(tree, { skipFormat: true });
    const before = { nx: tree.read('nx.json', 'utf-8'), ignore: tree.read('.gitignore', 'utf-8'), cargo: tree.read('Cargo.toml', 'utf-8') };
    await initGenerator(tree, { skipFormat: true });
    expect({ nx: tree.read('nx.json', 'utf-8'), ignore: tree.read('.gitignore', 'utf-8'), cargo: tree.read('Cargo.toml', 'utf-8') }).toEqual(before);
  });

  it('keeps what the user has: their Cargo.toml, their plugin options and entries, their named inputs', async () => {
    tree.write('Cargo.toml', '# mine\n[package]\nname = "solo"\nversion = "1.0.0"\n');
    tree.write('.gitignore', 'node_modules\n/target');
    const nxJson = readNxJson(tree)!;
    nxJson.plugins = [{ plugin: '@ms/rust', options: { build: { targetName: 'compile' } } }];
    nxJson.namedInputs = { 'cargo-env': [{ env: 'MY_FLAGS' }] };
    nxJson.targetDefaults = { test: { cache: true } };
    tree.write('nx.json', JSON.stringify(nxJson));

    await initGenerator(tree, { skipFormat: true });
    const after = readNxJson(tree)!;
    expect(after.plugins).toEqual([{ plugin: '@ms/rust', options: { build: { targetName: 'compile' } } }]);
    expect(after.namedInputs!['cargo-env']).toEqual([{ env: 'MY_FLAGS' }]);
    expect(Object.keys(after.targetDefaults!)).toContain('compile');
    expect(after.targetDefaults!.build).toBeUndefined();
    // The user's catch-all entry stays first; the plugin's filtered one comes after it.
    expect(after.targetDefaults!.test).toEqual([{ cache: true }, expect.objectContaining({ filter: { plugin: '@ms/rust' } })]);
    expect(tree.read('Cargo.toml', 'utf-8')).toBe('# mine\n[package]\nname = "solo"\nversion = "1.0.0"\n');
    expect(tree.read('.gitignore', 'utf-8')).toBe('node_modules\n/target\ndist/\n');
  });
});
