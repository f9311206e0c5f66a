import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { insideRootOf } from './inside-root';

describe('insideRootOf', () => {
  const base = mkdtempSync(join(tmpdir(), 'inside-root-'));
  const root = join(base, 'nx');
  mkdirSync(join(root, 'crates'), { recursive: true });
  symlinkSync(root, join(base, 'link'));
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it('gives the root-relative path of an absolute path inside the root, else undefined', () => {
    const inside = insideRootOf(root);
    expect(inside(join(root, 'crates', 'b'))).toBe('crates/b');
    expect(inside(root)).toBe('');
    expect(inside(join(base, 'nx-other'))).toBeUndefined();
    expect(inside(join(base, 'opt', 'dep'))).toBeUndefined();
  });

  it('also places paths through the root reached by a symlink', () => {
    expect(insideRootOf(join(base, 'link'))(join(root, 'crates', 'b'))).toBe('crates/b');
  });
});
