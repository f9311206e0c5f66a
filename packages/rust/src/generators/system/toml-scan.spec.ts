import { lineEndOf, scanArray, scanTables } from './toml-scan';

/** The text of each entry's value, keyed by its full path. */
function values(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const table of scanTables(text)) {
    for (const e of table.entries) out[e.path.join('.')] = text.slice(e.valueStart, e.valueEnd);
  }
  return out;
}

describe('scanTables', () => {
  it('finds tables, array tables and entries, with dotted and quoted keys', () => {
    const text = [
      'name = "root" # comment',
      'workspace.resolver = "2"',
      '[workspace]',
      'members = ["a"]',
      '[ "workspace" . \'package\' ]  # comment',
      'version = "0.1.0"',
      '[[bin]]',
      'name = "x"',
      '[[bin]]',
      'name = "y"',
    ].join('\n');
    const tables = scanTables(text);
    expect(tables.map((t) => [t.path.join('.'), t.array, t.entries.length])).toEqual([
      ['', false, 2],
      ['workspace', false, 1],
      ['workspace.package', false, 1],
      ['bin', true, 1],
      ['bin', true, 1],
    ]);
    expect(values(text)).toEqual({
      name: '"root"',
      'workspace.resolver': '"2"',
      'workspace.members': '["a"]',
      'workspace.package.version': '"0.1.0"',
      'bin.name': '"y"',
    });
    expect(text.slice(tables[2].headerStart, tables[2].headerEnd)).toBe('[ "workspace" . \'package\' ]  # comment');
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
    const tables = scanTables(text);
    expect(tables.map((t) => t.path.join('.'))).toEqual(['', 'real']);
    expect(Object.keys(values(text))).toEqual(['a', 'c', 'd', 'e', 'f', 'g']);
    expect(values(text).f).toBe('1979-05-27 07:32:00Z');
    expect(values(text).a.endsWith('more"""""')).toBe(true);
  });

  it('records where each entry line ends, after its comment and before a CRLF', () => {
    const text = 'a = [\r\n  1,\r\n] # end\r\nb = 2\r\n';
    const [root] = scanTables(text);
    expect(text.slice(root.entries[0].lineStart, root.entries[0].lineEnd)).toBe('a = [\r\n  1,\r\n] # end');
    expect(root.entries[1].lineEnd).toBe(text.length - 2);
  });

  it('decodes escapes in quoted keys', () => {
    expect(Object.keys(values('"a\\u0062\\"c" = 1\n'))).toEqual(['ab"c']);
  });
});

describe('scanArray', () => {
  it('lists elements and a trailing comma', () => {
    const text = 'm = [ "a", # c\n  "b" , ]';
    const array = scanArray(text, 4);
    expect(array.elements.map((e) => text.slice(e.start, e.end))).toEqual(['"a"', '"b"']);
    expect(text[array.trailingComma!]).toBe(',');
    expect(array.close).toBe(text.length - 1);
  });

  it('has no trailing comma when the last element has none', () => {
    const text = '["a", "b"]';
    expect(scanArray(text, 0).trailingComma).toBeUndefined();
    expect(scanArray('[]', 0).elements).toEqual([]);
  });
});

describe('lineEndOf', () => {
  it('stops before LF or CRLF, or at the end', () => {
    expect(lineEndOf('ab\ncd', 0)).toBe(2);
    expect(lineEndOf('ab\r\ncd', 1)).toBe(2);
    expect(lineEndOf('ab\ncd', 3)).toBe(5);
  });
});
