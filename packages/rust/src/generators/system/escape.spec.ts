import { parse } from 'smol-toml';
import { markdownText, oneLine, tomlInline, tomlKey, tomlString } from './escape';

describe('tomlString', () => {
  it.each([
    'plain',
    'He said "hi"',
    'three """ quotes and \'\'\' too',
    'back\\slash \\n not a newline',
    'line one\nline two\r\nline three',
    'tab\there, bell\u0007, escape\u001b, delete\u007f, nul\u0000',
    'unicode: é ✓ 😀 \u202e',
  ])('reads back as exactly %j', (text) => {
    expect(parse(`v = ${tomlString(text)}`).v).toBe(text);
    expect(tomlString(text)).not.toMatch(/\n/);
  });
});

describe('tomlKey and tomlInline', () => {
  it('quotes keys only when they need it', () => {
    expect(tomlKey('shared-core_2')).toBe('shared-core_2');
    expect(tomlKey('a.b')).toBe('"a.b"');
  });

  it('writes inline values that read back', () => {
    const value = { version: '4.0', features: ['derive'], optional: false, n: 2 };
    expect(tomlInline(value)).toBe('{ version = "4.0", features = ["derive"], optional = false, n = 2 }');
    expect(parse(`v = ${tomlInline(value)}`).v).toEqual(value);
  });
});

describe('oneLine', () => {
  it('turns control characters, separators and bidi controls into single spaces', () => {
    expect(oneLine('  a\nb\r\nc\rd\te\u2028f\u202eg\u2066h  ')).toBe('a b c d e f g h');
  });
});

describe('markdownText', () => {
  it('keeps text on one line with inline markup escaped', () => {
    expect(markdownText('# Title\n```rust\nfn evil() {}\n```')).toBe('\\# Title \\`\\`\\`rust fn evil() {} \\`\\`\\`');
    expect(markdownText('<b>bold</b> *em* _u_ [link](x) a|b ~s~ &amp; back\\slash')).toBe(
      '\\<b\\>bold\\</b\\> \\*em\\* \\_u\\_ \\[link\\](x) a\\|b \\~s\\~ \\&amp; back\\\\slash',
    );
  });

  it('escapes what would start a block at the beginning of a line', () => {
    expect(markdownText('- item')).toBe('\\- item');
    expect(markdownText('+ item')).toBe('\\+ item');
    expect(markdownText('===')).toBe('\\===');
    expect(markdownText('1. first')).toBe('1\\. first');
    expect(markdownText('2) second')).toBe('2\\) second');
    expect(markdownText('    indented code')).toBe('indented code');
    expect(markdownText('> quote')).toBe('\\> quote');
  });
});
