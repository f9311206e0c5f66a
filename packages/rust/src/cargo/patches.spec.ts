import { modelOf, pkg } from '../testing/memory-workspace';
import { fileListFs } from './fs';
import { loadCargoModel } from './load';
import { readPatchPaths } from './patches';

describe('readPatchPaths', () => {
  it('lists the path crates of [patch.<source>] and [replace], relative to the model root', () => {
    const doc = {
      patch: { 'crates-io': { a: { path: 'vendor/a' }, b: { git: 'https://example.com/b' } }, 'https://example.com/c': { c: { path: '../c' } } },
      replace: { 'd:1.0.0': { path: 'vendor/d' } },
    };
    expect(readPatchPaths(doc, 'rust')).toEqual(['c', 'rust/vendor/a', 'rust/vendor/d']);
    expect(readPatchPaths({}, '')).toEqual([]);
  });

  it('gives the workspace its root manifest patches and its members path dependencies outside the model root', () => {
    const model = modelOf({
      'Cargo.toml': '[workspace]\nmembers = ["a"]\n[patch.crates-io]\np = { path = "../p" }\n',
      'a/Cargo.toml': pkg('a', '[dependencies]\nout = { path = "../../out" }\ninside = { path = "../inside" }\n[patch.crates-io]\nignored = { path = "x" }\n'),
      'a/src/lib.rs': '',
      'inside/Cargo.toml': pkg('inside'),
      'inside/src/lib.rs': '',
    });
    expect(model.workspaces[0]).toMatchObject({ patchPaths: ['../p'], outsidePaths: ['../out'] });
  });

  it('keeps absolute [patch] and [replace] paths absolute, never under the manifest folder', () => {
    const doc = { patch: { 'crates-io': { a: { path: '/opt/a/' } } }, replace: { 'd:1.0.0': { path: 'C:\\vendor\\d' } } };
    expect(readPatchPaths(doc, 'rust')).toEqual(['/opt/a', 'C:/vendor/d']);
  });

  describe('absolute paths', () => {
    const files: Record<string, string> = {
      'Cargo.toml': '[workspace]\nmembers = ["crates/a"]\nexclude = ["vendor"]\n[patch.crates-io]\np = { path = "/opt/p" }\nq = { path = "/nx/vendor/q" }\n',
      'crates/a/Cargo.toml': pkg('a', '[dependencies]\ndep = { path = "/opt/dep" }\nb = { path = "/nx/crates/b/" }\n'),
      'crates/a/src/lib.rs': '',
      'crates/b/Cargo.toml': pkg('b'),
      'crates/b/src/lib.rs': '',
      'vendor/q/Cargo.toml': pkg('q'),
      'vendor/q/src/lib.rs': '',
    };
    // The model root is /nx.
    const insideRoot = (abs: string) => (abs === '/nx' ? '' : abs.startsWith('/nx/') ? abs.slice(4) : undefined);
    const load = (withRoot: boolean) =>
      loadCargoModel(Object.keys(files).filter((p) => p.endsWith('Cargo.toml')), { fs: fileListFs(Object.keys(files), (p) => files[p]), ...(withRoot ? { insideRoot } : {}) });

    it('counts an absolute path dependency beyond the root as outside, as written', () => {
      const model = load(true);
      const a = model.crates.find((c) => c.name === 'a')!;
      expect(a.dependencies.find((d) => d.name === 'dep')!.path).toBe('/opt/dep');
      expect(model.workspaces[0]).toMatchObject({ patchPaths: ['/opt/p', 'vendor/q'], outsidePaths: ['/opt/dep'] });
    });

    it('names the workspace crate an absolute path into the root points at (a member, and an edge)', () => {
      const model = load(true);
      const a = model.crates.find((c) => c.name === 'a')!;
      expect(a.dependencies.find((d) => d.name === 'b')!.path).toBe('crates/b');
      expect(model.workspaces[0].members).toEqual(['crates/a', 'crates/b']);
      expect(model.problems).toEqual([]);
    });

    it('without a way to place them, counts every absolute path as beyond the root', () => {
      expect(load(false).workspaces[0]).toMatchObject({ outsidePaths: ['/nx/crates/b', '/opt/dep'], patchPaths: ['/nx/vendor/q', '/opt/p'] });
    });
  });
});
