import { modelOf, pkg } from '../testing/memory-workspace';
import { assignProjectNames } from './project-names';

describe('assignProjectNames', () => {
  it('uses package names, and qualifies a name taken by a shallower workspace with the crate folder', () => {
    const model = modelOf({
      'Cargo.toml': '[workspace]\nmembers = ["parser"]\nexclude = ["fuzz"]\n',
      'parser/Cargo.toml': pkg('parser'),
      'parser/src/lib.rs': '',
      'fuzz/Cargo.toml': '[workspace]\nmembers = ["parser"]\n',
      'fuzz/parser/Cargo.toml': pkg('parser'),
      'fuzz/parser/src/lib.rs': '',
    });
    expect(Object.fromEntries(assignProjectNames(model))).toEqual({ parser: 'parser', 'fuzz/parser': 'parser@fuzz/parser' });
  });

  it('lets [package.metadata.nx] name a project', () => {
    const model = modelOf({ 'a/Cargo.toml': pkg('a', '[package.metadata.nx]\nname = "alpha"\n'), 'a/src/lib.rs': '' });
    expect(assignProjectNames(model).get('a')).toBe('alpha');
  });

  it('names a crate whose manifest cannot be parsed after the name it declares', () => {
    const model = modelOf({ 'b/Cargo.toml': '[package]\nname = "broken"\nversion = \n', 'b/src/lib.rs': '' });
    expect(assignProjectNames(model).get('b')).toBe('broken');
  });
});
