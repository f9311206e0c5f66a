/**
 * The generators through real Nx: `nx g @ms/rust:init` (what `nx add @ms/rust` runs once the
 * package is installed) on a workspace without Cargo.
 *
 * Fixture `empty`: an Nx workspace with a README and nothing else.
 */
import { existsSync } from 'node:fs';
import { createWorkspace, type TestWorkspace } from './utils/workspace';

describe('nx g @ms/rust:init', () => {
  let ws: TestWorkspace;

  beforeAll(() => {
    ws = createWorkspace('empty');
    // As after `npm install @ms/rust`: the plugin is installed but not registered yet.
    ws.write('nx.json', '{}\n');
    ws.commit('plugin not registered');
  });

  it('registers the plugin, its shared configuration, a virtual Cargo workspace and ignores build output', () => {
    ws.nx(['g', '@ms/rust:init']);
    const nxJson = JSON.parse(ws.read('nx.json'));
    expect(nxJson.plugins).toEqual(['@ms/rust']);
    expect(Object.keys(nxJson.namedInputs)).toEqual(expect.arrayContaining(['cargo-sources', 'cargo-workspace', 'cargo-env']));
    expect(nxJson.targetDefaults.build).toEqual([expect.objectContaining({ filter: { plugin: '@ms/rust' } })]);
    expect(ws.read('Cargo.toml')).toContain('[workspace]');
    expect(ws.read('.gitignore')).toMatch(/^dist\/$/m);
    expect(existsSync(ws.path('Cargo.toml'))).toBe(true);
    // The graph still builds with an empty Cargo workspace.
    expect(ws.nx(['show', 'projects']).status).toBe(0);
  });

  it('changes nothing when run again', () => {
    const before = [ws.read('nx.json'), ws.read('Cargo.toml'), ws.read('.gitignore')];
    ws.nx(['g', '@ms/rust:init']);
    expect([ws.read('nx.json'), ws.read('Cargo.toml'), ws.read('.gitignore')]).toEqual(before);
  });
});
