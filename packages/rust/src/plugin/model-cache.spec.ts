import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TomlCache } from './model-cache';

describe('TomlCache', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ms-rust-cache-'));
    file = join(dir, 'data', 'cache.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps parses keyed by content between runs and re-parses a changed file', () => {
    const first = new TomlCache(file);
    expect(first.parse('Cargo.toml', 'a = 1')).toEqual({ ok: true, value: { a: 1 } });
    first.save();
    const stored = JSON.parse(readFileSync(file, 'utf8'));
    expect(Object.keys(stored)).toEqual(['Cargo.toml']);

    // A tampered entry with the same hash proves the second run reads the cache, not the text.
    stored['Cargo.toml'].value = { a: 'from cache' };
    writeFileSync(file, JSON.stringify(stored));
    expect(new TomlCache(file).parse('Cargo.toml', 'a = 1')).toEqual({ ok: true, value: { a: 'from cache' } });
    expect(new TomlCache(file).parse('Cargo.toml', 'a = 2')).toEqual({ ok: true, value: { a: 2 } });
  });

  it('never stores a parse error, and drops files no longer seen', () => {
    const cache = new TomlCache(file);
    cache.parse('gone/Cargo.toml', 'x = 1');
    cache.save();
    const next = new TomlCache(file);
    const result = next.parse('Cargo.toml', 'a = ');
    expect(result.ok).toBe(false);
    next.save();
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({});
  });

  it('works without a cache file and survives a corrupt one', () => {
    expect(new TomlCache(undefined).parse('Cargo.toml', 'a = 1').ok).toBe(true);
    mkdirSync(join(dir, 'data'));
    writeFileSync(file, '{not json');
    const cache = new TomlCache(file);
    expect(cache.parse('Cargo.toml', 'a = 1')).toEqual({ ok: true, value: { a: 1 } });
    cache.save();
    expect(existsSync(file)).toBe(true);
  });
});
