import { ancestorsOf, baseName, dirOf, isBeyondRoot, isWithin, joinPath, joinRelative, joinWritten, manifestIn } from './paths';

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

  it('keeps a path written absolute absolute, normalized, and tells it lies beyond the root', () => {
    expect(joinWritten('a/src', '/tmp/rv/x.txt')).toBe('/tmp/rv/x.txt');
    expect(joinWritten('a/src', '/tmp/../../x//y/./z')).toBe('/x/y/z');
    expect(joinWritten('a/src', 'C:\\data\\x.txt')).toBe('C:/data/x.txt');
    expect(joinWritten('a/src', '../x.txt')).toBe('a/x.txt');
    expect(['/x', 'C:/x', '../x', '..'].map(isBeyondRoot)).toEqual([true, true, true, true]);
    expect(['x', 'a/../b', '..x'].map(isBeyondRoot)).toEqual([false, false, false]);
  });

  it('tells whether a path lies inside a folder, component-wise', () => {
    expect(isWithin('crates/old/inner', 'crates/old')).toBe(true);
    expect(isWithin('crates/old', 'crates/old')).toBe(true);
    expect(isWithin('crates/older', 'crates/old')).toBe(false);
    expect(isWithin('anything', '')).toBe(true);
    expect(isWithin('../outside', '')).toBe(false);
    expect(isWithin('..', '')).toBe(false);
    expect(isWithin('/abs/dep', '')).toBe(false);
    expect(isWithin('C:/dep', '')).toBe(false);
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
