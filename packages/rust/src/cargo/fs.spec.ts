import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileListFs, nodeFs, type ModelFs } from './fs';

describe('ModelFs', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'ms-rust-fs-'));
    for (const dir of ['a/src/bin/multi', 'real']) mkdirSync(join(root, dir), { recursive: true });
    for (const file of ['a/Cargo.toml', 'a/src/main.rs', 'a/src/bin/multi/main.rs', 'real/x.rs']) writeFileSync(join(root, file), 'text');
    symlinkSync(join(root, 'real'), join(root, 'a/linked'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const files = ['a/Cargo.toml', 'a/src/main.rs', 'a/src/bin/multi/main.rs', 'real/x.rs', 'a/linked/x.rs'];
  const sides: Array<[string, () => ModelFs]> = [
    ['nodeFs', () => nodeFs(root)],
    ['fileListFs', () => fileListFs(files, (f) => (files.includes(f) ? 'text' : undefined))],
  ];

  it.each(sides)('%s answers isFile, listDir and readFile', (_, make) => {
    const fs = make();
    expect(fs.isFile('a/src/main.rs')).toBe(true);
    expect(fs.isFile('a/src')).toBe(false);
    expect(fs.isFile('a/src/lib.rs')).toBe(false);
    expect(fs.isFile('missing/dir/file.rs')).toBe(false);
    expect(fs.listDir('a/src')!.map((e) => `${e.name}${e.isDir ? '/' : ''}`).sort()).toEqual(['bin/', 'main.rs']);
    expect(fs.listDir('a/linked')!.map((e) => e.name)).toEqual(['x.rs']); // a symlinked folder is a folder
    expect(fs.listDir('a/src/main.rs')).toBeUndefined();
    expect(fs.listDir('nope')).toBeUndefined();
    expect(fs.readFile('a/Cargo.toml')).toBe('text');
    expect(fs.readFile('a/none.toml')).toBeUndefined();
  });
});
