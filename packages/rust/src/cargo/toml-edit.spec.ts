import { parse } from 'smol-toml';
import { addKey, appendToArray, findValue, lineEndOf, parseTomlTree, replaceValue, tablesOf } from './toml-edit';

/** The text of the value at each path, as written. */
function written(text: string, paths: string[][]): Record<string, string | undefined> {
  const program = parseTomlTree(text);
  const out: Record<string, string | undefined> = {};
  for (const path of paths) {
    const spot = findValue(program, path);
    out[path.join('.')] = spot && text.slice(...spot.node.range);
  }
  return out;
}

describe('findValue', () => {
  it('finds values under tables, dotted and quoted keys, and inside inline tables', () => {
    const text = [
      'name = "root" # comment',
      'tool.resolver = "2"',
      '[workspace]',
      'members = ["a"]',
      '[ "workspace" . \'package\' ]  # comment',
      'version = "0.1.0"',
      '[workspace.dependencies]',
      'a = { path = "a", version = "0.1.0" }',
      '[[bin]]',
      'name = "x"',
    ].join('\n');
    expect(
      written(text, [['name'], ['tool', 'resolver'], ['workspace', 'members'], ['workspace', 'package', 'version'], ['workspace', 'dependencies', 'a', 'version'], ['bin', 'name'], ['missing']]),
    ).toEqual({
      name: '"root"',
      'tool.resolver': '"2"',
      'workspace.members': '["a"]',
      'workspace.package.version': '"0.1.0"',
      'workspace.dependencies.a.version': '"0.1.0"',
      'bin.name': undefined,
      missing: undefined,
    });
    expect(tablesOf(parseTomlTree(text)).map((t) => [t.resolvedKey.join('.'), t.kind])).toEqual([
      ['workspace', 'standard'],
      ['workspace.package', 'standard'],
      ['workspace.dependencies', 'standard'],
      ['bin.0', 'array'],
    ]);
  });

  it('is not fooled by brackets, quotes and hashes inside strings and arrays', () => {
    const text = [
      'a = """',
      '[not.a.table]',
      'b = 1 # not an entry',
      'with \\""" escaped quotes and "" more"""""',
      "c = '''",
      "[nor.this] '' '''",
      'd = [ # comment with ] and [',
      '  "x]", \'y[\', # ] again',
      '  [1, [2]], { k = "}" },',
      ']',
      'e = { p = { q = [1, 2] }, "r.s" = \'t\' }',
      'f = 1979-05-27 07:32:00Z # a date with a space',
      'g = "esc \\" \\\\ \\u00e9" # done',
      '[real]',
    ].join('\n');
    const found = written(text, [['a'], ['b'], ['not', 'a', 'table'], ['e', 'p', 'q'], ['e', 'r.s'], ['f'], ['g']]);
    expect(found).toEqual({
      a: expect.stringMatching(/^"""\n\[not\.a\.table\][\s\S]*more"""""$/),
      b: undefined,
      'not.a.table': undefined,
      'e.p.q': '[1, 2]',
      'e.r.s': "'t'",
      f: '1979-05-27 07:32:00Z',
      g: '"esc \\" \\\\ \\u00e9"',
    });
    expect(tablesOf(parseTomlTree(text)).map((t) => t.resolvedKey.join('.'))).toEqual(['real']);
  });

  it('decodes escapes in quoted keys', () => {
    expect(written('"a\\u0062\\"c" = 1\n', [['ab"c']])).toEqual({ 'ab"c': '1' });
  });

  it('names the file of a text that is not TOML', () => {
    expect(() => parseTomlTree('[a\n', 'crates/x/Cargo.toml')).toThrow(/^crates\/x\/Cargo\.toml is not valid TOML: /);
  });
});

describe('replaceValue', () => {
  it('replaces exactly the value, keeping its comment, the spacing and everything else', () => {
    const text = '# top\n[package]\nname = "a"\nversion   =   "0.1.0"   # the version\r\nedition = "2021"\n';
    expect(replaceValue(text, ['package', 'version'], '"0.2.0"')).toBe('# top\n[package]\nname = "a"\nversion   =   "0.2.0"   # the version\r\nedition = "2021"\n');
  });

  it('replaces a value inside an inline table and a dotted key', () => {
    const text = '[dependencies]\nb = { path = "../b", version = "=0.1.0" } # pinned\nc.version = "0.1"\nc.path = "../c"\n';
    const once = replaceValue(text, ['dependencies', 'b', 'version'], '"=0.2.0"');
    expect(replaceValue(once, ['dependencies', 'c', 'version'], '"0.2.0"')).toBe(
      '[dependencies]\nb = { path = "../b", version = "=0.2.0" } # pinned\nc.version = "0.2.0"\nc.path = "../c"\n',
    );
  });

  it('refuses a path that holds nothing', () => {
    expect(() => replaceValue('[a]\nb = 1\n', ['a', 'c'], '2')).toThrow('TOML edit: no value at a.c');
  });
});

describe('addKey', () => {
  it('adds after the last entry of a table, after its comment', () => {
    expect(addKey('[a]\nb = 1 # one\n\n[c]\n', ['a'], 'd', '2')).toBe('[a]\nb = 1 # one\nd = 2\n\n[c]\n');
    expect(addKey('[a] # header\n[c]\n', ['a'], 'd', '2')).toBe('[a] # header\nd = 2\n[c]\n');
  });

  it('adds to an inline table, empty or not', () => {
    expect(addKey('[d]\nx = { path = "x" } # c\n', ['d', 'x'], 'version', '"0.1.0"')).toBe('[d]\nx = { path = "x", version = "0.1.0" } # c\n');
    expect(addKey('x = {}\n', ['x'], 'k', '1')).toBe('x = { k = 1 }\n');
  });

  it('writes a missing table after the last one of the same top-level name, or at the end', () => {
    expect(addKey('[workspace]\nmembers = []\n\n[profile.dev]\nopt-level = 1\n', ['workspace', 'package'], 'license', '"MIT"')).toBe(
      '[workspace]\nmembers = []\n\n[workspace.package]\nlicense = "MIT"\n\n[profile.dev]\nopt-level = 1\n',
    );
    expect(addKey('[package]\nname = "x"\n', ['workspace'], 'members', '[]')).toBe('[package]\nname = "x"\n\n[workspace]\nmembers = []\n');
    expect(addKey('', ['a', 'b c'], 'k', '1')).toBe('[a."b c"]\nk = 1\n');
  });

  it('adds a root key after the root keys, before the first table', () => {
    expect(addKey('a = 1\n\n[t]\n', [], 'b', '2')).toBe('a = 1\nb = 2\n\n[t]\n');
    expect(addKey('[t]\n', [], 'b', '2')).toBe('b = 2\n\n[t]\n');
  });

  it('keeps CRLF line endings', () => {
    expect(addKey('[a]\r\nb = 1\r\n', ['a'], 'c', '2')).toBe('[a]\r\nb = 1\r\nc = 2\r\n');
  });
});

describe('appendToArray', () => {
  it('appends inside a nested array and an inline table, and the result reads back', () => {
    const text = 'x = { m = [1, 2] } # c\n';
    const out = appendToArray(text, ['x', 'm'], '3');
    expect(out).toBe('x = { m = [1, 2, 3] } # c\n');
    expect(parse(out)).toEqual({ x: { m: [1, 2, 3] } });
  });

  it('refuses a value that is not an array', () => {
    expect(() => appendToArray('m = "a"\n', ['m'], '"b"')).toThrow('TOML edit: m is not an array');
  });
});

describe('lineEndOf', () => {
  it('stops before LF or CRLF, or at the end', () => {
    expect(lineEndOf('ab\ncd', 0)).toBe(2);
    expect(lineEndOf('ab\r\ncd', 1)).toBe(2);
    expect(lineEndOf('ab\ncd', 3)).toBe(5);
  });
});
