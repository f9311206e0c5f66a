import { modelOf, pkg } from '../testing/memory-workspace';
import { crateWorkspaces } from './crate-workspaces';

describe('crateWorkspaces', () => {
  it('gives each crate the workspace listing it, and a standalone crate its own', () => {
    const model = modelOf({
      'Cargo.toml': '[workspace]\nmembers = ["a", "b"]\nexclude = ["alone"]\n',
      'a/Cargo.toml': pkg('a'),
      'a/src/lib.rs': '',
      'b/Cargo.toml': pkg('b'),
      'b/src/lib.rs': '',
      'alone/Cargo.toml': pkg('alone'),
      'alone/src/lib.rs': '',
    });
    const roots = Object.fromEntries([...crateWorkspaces(model)].map(([crate, ws]) => [crate, ws.root]));
    expect(roots).toEqual({ a: '', b: '', alone: 'alone' });
  });
});
