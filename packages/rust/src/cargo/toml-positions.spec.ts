import { parse } from 'smol-toml';
import { locateInToml, locateKeyNamed, tomlPositions } from './toml-positions';

const at = (text: string, ...paths: (string | number)[][]) => {
  const p = locateInToml(text, paths);
  return p && `${p.line}:${p.column}`;
};

describe('locateInToml', () => {
  const manifest = [
    '# a comment with [brackets] and = signs',
    '[package]',
    'name = "x"',
    'edition.workspace = true',
    "  version = { workspace = true } # trailing",
    'description = """',
    'name = "not a key"',
    '"""',
    '',
    '[dependencies]',
    'a = "1"',
    '"b.c" = { path = "../b", features = ["f"] }',
    '',
    "[target.'cfg(unix)'.dev-dependencies]",
    'd.workspace = true',
    '',
    '[[bin]]',
    'name = "one"',
    '[[bin]]',
    'path = "src/two.rs"',
    '',
    '[workspace]',
    'members = [',
    '  "crates/*", # first',
    "  'plugins/*',",
    ']',
  ].join('\n');

  it('reads a text smol-toml accepts', () => {
    expect(() => parse(manifest)).not.toThrow();
  });

  it.each([
    [['package'], '2:1'],
    [['package', 'name'], '3:1'],
    [['package', 'edition'], '4:1'],
    [['package', 'edition', 'workspace'], '4:1'],
    [['package', 'version', 'workspace'], '5:15'],
    [['package', 'description'], '6:1'],
    [['dependencies', 'b.c', 'path'], '12:11'],
    [['dependencies', 'b.c', 'features', 0], '12:38'],
    [['target', 'cfg(unix)', 'dev-dependencies', 'd'], '15:1'],
    [['bin', 0, 'name'], '18:1'],
    [['bin', 1], '19:1'],
    [['bin', 1, 'path'], '20:1'],
    [['workspace', 'members', 0], '24:3'],
    [['workspace', 'members', 1], '25:3'],
  ])('finds %j at %s', (path, expected) => {
    expect(at(manifest, path)).toBe(expected);
  });

  it('falls back to the longest prefix written, and takes the first path written whole', () => {
    expect(at(manifest, ['package', 'license'])).toBe('2:1');
    expect(at(manifest, ['dependencies', 'gone'], ['package', 'name'])).toBe('3:1');
    expect(at(manifest, ['lib', 'name'])).toBeUndefined();
  });

  it('does not take a key inside a multi-line string for one', () => {
    expect([...tomlPositions(manifest).keys()].filter((k) => k.endsWith('name')).length).toBe(2);
  });

  it('reads quoted keys with their escapes decoded, as smol-toml names them', () => {
    const text = '[dependencies]\n"caf\\u00e9" = "1"\n';
    expect(Object.keys(parse(text).dependencies as object)).toEqual(['café']);
    expect(at(text, ['dependencies', 'café'])).toBe('2:1');
  });

  it('indexes an array of tables nested in another by the element it belongs to', () => {
    const text = '[[bin]]\nname = "a"\n[[bin.x]]\n[[bin]]\n[[bin.x]]\nk = 1\n';
    expect(parse(text)).toEqual({ bin: [{ name: 'a', x: [{}] }, { x: [{ k: 1 }] }] });
    expect(at(text, ['bin', 0, 'x', 0])).toBe('3:1');
    expect(at(text, ['bin', 1, 'x', 0, 'k'])).toBe('6:1');
  });

  it('finds a key by its last segment', () => {
    const text = '[package]\nname = "x"\n\n[lib]\ncrate_type = ["rlib"]\n';
    expect(locateKeyNamed(text, 'crate_type')).toEqual({ line: 5, column: 1 });
  });
});
