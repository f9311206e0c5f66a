import { fileListFs } from './fs';
import { expandGlobOnDisk, globToRegExp, isGlob } from './glob';

/** Which of `paths` a glob matches (cargo's `members` semantics, folder paths without a trailing slash). */
const matching = (pattern: string, paths: string[]) => paths.filter((p) => globToRegExp(pattern).test(p));

describe('globToRegExp', () => {
  it('matches `*` and `?` within one path component', () => {
    expect(matching('crates/*', ['crates', 'crates/a', 'crates/a/b', 'crates/.hidden', 'cratesx/a'])).toEqual(['crates/a', 'crates/.hidden']);
    expect(matching('t?/q', ['t1/q', 't12/q', 't/q', 't//q'])).toEqual(['t1/q']);
    expect(matching('lib-*-core', ['lib-a-core', 'lib--core', 'lib-a/b-core'])).toEqual(['lib-a-core', 'lib--core']);
  });

  it('matches sets, ranges and negated sets, a `]` first being part of the set', () => {
    expect(matching('libs/[ab]*', ['libs/a1', 'libs/b2', 'libs/c3'])).toEqual(['libs/a1', 'libs/b2']);
    expect(matching('r[0-9]', ['r0', 'r5', 'rx', 'r10'])).toEqual(['r0', 'r5']);
    expect(matching('libs/[!c]*', ['libs/a1', 'libs/c3', 'libs/'])).toEqual(['libs/a1']);
    expect(matching('[]d]eep', ['deep', ']eep', 'xeep'])).toEqual(['deep', ']eep']);
    expect(matching('de[!]x]p', ['deep', 'de]p', 'dexp'])).toEqual(['deep']);
    expect(matching('a[!x]b', ['a/b', 'azb'])).toEqual(['azb']);
  });

  it('matches `**` as any number of folders, and below (not at) its prefix when last', () => {
    const paths = ['nested/leaf', 'nested/a/leaf', 'nested/a/b/leaf', 'nested/leafy', 'nested', 'nested/a'];
    expect(matching('nested/**/leaf', paths)).toEqual(['nested/leaf', 'nested/a/leaf', 'nested/a/b/leaf']);
    expect(matching('nested/**', paths)).toEqual(['nested/leaf', 'nested/a/leaf', 'nested/a/b/leaf', 'nested/leafy', 'nested/a']);
    expect(matching('**/leaf', paths)).toEqual(['nested/leaf', 'nested/a/leaf', 'nested/a/b/leaf']);
  });

  it('treats regular expression characters and a lone `[` literally', () => {
    expect(matching('a.b+c/(x)*', ['a.b+c/(x)1', 'aXb+c/(x)1', 'a.bbc/(x)'])).toEqual(['a.b+c/(x)1']);
    expect(matching('odd[name*', ['odd[name', 'odd[name2', 'oddn'])).toEqual(['odd[name', 'odd[name2']);
  });

  it('recognizes globs', () => {
    expect(['crates/*', 'a?', '[ab]', 'plain/path', '../up'].map(isGlob)).toEqual([true, true, true, false, false]);
  });
});

describe('expandGlobOnDisk', () => {
  const fs = fileListFs(
    ['crates/a/Cargo.toml', 'crates/b/README.md', 'crates/file.rs', 'ws/tools/t1/x', 'ws/tools/t22/x', 'ws/other/x'],
    () => undefined,
  );

  it('lists the folders a glob reaches, files excluded, with or without Cargo.toml', () => {
    expect(expandGlobOnDisk('crates/*', fs)).toEqual(['crates/a', 'crates/b']);
    expect(expandGlobOnDisk('ws/tools/t?', fs)).toEqual(['ws/tools/t1']);
    expect(expandGlobOnDisk('*/tools/*', fs)).toEqual(['ws/tools/t1', 'ws/tools/t22']);
    expect(expandGlobOnDisk('missing/*', fs)).toEqual([]);
  });

  it('does not walk `**`', () => {
    expect(expandGlobOnDisk('ws/**/x', fs)).toBeUndefined();
  });
});
