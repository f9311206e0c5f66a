import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectArtifacts } from './artifacts';

describe('collectArtifacts', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'ms-rust-artifacts-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('copies the files, modes kept, into dist/target/<profile>/<project>, replacing what was there', () => {
    const bin = join(root, 'app');
    writeFileSync(bin, '#!/bin/sh\n', { mode: 0o755 });
    const dest = collectArtifacts(root, 'release', 'app', [bin]);
    expect(dest).toBe(join(root, 'dist', 'target', 'release', 'app'));
    expect(readdirSync(dest)).toEqual(['app']);
    expect(statSync(join(dest, 'app')).mode & 0o111).toBeTruthy();

    writeFileSync(join(root, 'libapp.so'), '');
    collectArtifacts(root, 'release', 'app', [join(root, 'libapp.so')]);
    expect(readdirSync(dest)).toEqual(['libapp.so']);
    expect(readdirSync(join(root, 'dist', 'target', 'release')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('leaves an empty folder for a crate without final artifacts, and nothing half-written on failure', () => {
    expect(readdirSync(collectArtifacts(root, 'dev', 'lib', []))).toEqual([]);
    expect(() => collectArtifacts(root, 'dev', 'lib', [join(root, 'missing')])).toThrow();
    expect(existsSync(join(root, 'dist', 'target', 'dev', 'lib'))).toBe(true);
    expect(readdirSync(join(root, 'dist', 'target', 'dev'))).toEqual(['lib']);
  });
});
