import { modelOf, pkg } from '../testing/memory-workspace';
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
});
