import { ancestorsOf, baseName, dirOf, isWithin, joinPath, joinRelative, manifestIn } from './paths';

describe('paths', () => {
  it('joins manifest paths lexically, as cargo normalizes them', () => {
    expect(joinRelative('', 'crates/a')).toBe('crates/a');
    expect(joinRelative('ws/app', '../inside')).toBe('ws/inside');
    expect(joinRelative('ws/app', '../../sibling')).toBe('sibling');
    expect(joinRelative('ws', '../../outside')).toBe('../outside');
    expect(joinRelative('a', './b/./c/../d')).toBe('a/b/d');
    expect(joinRelative('a', '.')).toBe('a');
    expect(joinRelative('a', '..')).toBe('');
    expect(joinRelative('', 'win\\style\\path.rs')).toBe('win/style/path.rs');
  });

  it('tells whether a path lies inside a folder, component-wise', () => {
    expect(isWithin('crates/old/inner', 'crates/old')).toBe(true);
    expect(isWithin('crates/old', 'crates/old')).toBe(true);
    expect(isWithin('crates/older', 'crates/old')).toBe(false);
    expect(isWithin('anything', '')).toBe(true);
    expect(isWithin('../outside', '')).toBe(false);
    expect(isWithin('..', '')).toBe(false);
  });

  it('splits and builds paths relative to the model root', () => {
    expect(dirOf('a/b/Cargo.toml')).toBe('a/b');
    expect(dirOf('Cargo.toml')).toBe('');
    expect(baseName('a/b/c.rs')).toBe('c.rs');
    expect(joinPath('', 'Cargo.toml')).toBe('Cargo.toml');
    expect(joinPath('a', 'Cargo.toml')).toBe('a/Cargo.toml');
    expect(manifestIn('')).toBe('Cargo.toml');
    expect(ancestorsOf('a/b/c')).toEqual(['a/b/c', 'a/b', 'a', '']);
    expect(ancestorsOf('')).toEqual(['']);
  });
});
