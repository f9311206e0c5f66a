import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { modelOf, pkg } from '../testing/memory-workspace';
import { readSnapshot, writeSnapshot } from './model-snapshot';

describe('model snapshot', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'ms-rust-snapshot-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const model = modelOf({
    'Cargo.toml': '[workspace]\nmembers = ["a"]\n',
    'Cargo.lock': 'version = 4\n[[package]]\nname = "a"\nversion = "0.1.0"\ndependencies = ["itoa"]\n[[package]]\nname = "itoa"\nversion = "1.0.0"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\nchecksum = "ab"\n',
    'a/Cargo.toml': pkg('a', '[dependencies]\nitoa = "1"\n'),
    'a/src/lib.rs': '',
  });

  it('gives back the same model, lockfile maps included, for the same key', () => {
    const file = join(dir, 'sub', 'model.json');
    writeSnapshot(file, 'key-1', model);
    const back = readSnapshot(file, 'key-1')!;
    expect(back).toEqual(model);
    expect(back.lockfiles[0].packages.get('itoa@1.0.0')).toMatchObject({ checksum: 'ab' });
  });

  it('gives nothing for another key, a missing file or a damaged one', () => {
    const file = join(dir, 'model.json');
    writeSnapshot(file, 'key-1', model);
    expect(readSnapshot(file, 'key-2')).toBeUndefined();
    expect(readSnapshot(join(dir, 'none.json'), 'key-1')).toBeUndefined();
    writeFileSync(file, 'key-1\n{broken');
    expect(readSnapshot(file, 'key-1')).toBeUndefined();
  });
});
