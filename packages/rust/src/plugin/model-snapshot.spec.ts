import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
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
    const folder = join(dir, 'sub');
    writeSnapshot(folder, 'key-1', model);
    const back = readSnapshot(folder, 'key-1')!;
    expect(back).toEqual(model);
    expect(back.lockfiles[0].packages.get('itoa@1.0.0')).toMatchObject({ checksum: 'ab' });
  });

  it('gives nothing for another key, a missing folder or a damaged file', () => {
    writeSnapshot(dir, 'key-1', model);
    expect(readSnapshot(dir, 'key-2')).toBeUndefined();
    expect(readSnapshot(join(dir, 'none'), 'key-1')).toBeUndefined();
    const [file] = readdirSync(dir);
    writeFileSync(join(dir, file), 'key-1\n{broken');
    expect(readSnapshot(dir, 'key-1')).toBeUndefined();
  });

  it('keeps the snapshots of several keys, dropping the least recently used beyond the limit', async () => {
    const tick = () => new Promise((r) => setTimeout(r, 15));
    writeSnapshot(dir, 'key-1', model, 2);
    await tick();
    writeSnapshot(dir, 'key-2', model, 2);
    await tick();
    expect(readSnapshot(dir, 'key-1')).toEqual(model);
    await tick();
    writeSnapshot(dir, 'key-3', model, 2);
    expect(readSnapshot(dir, 'key-1')).toEqual(model);
    expect(readSnapshot(dir, 'key-3')).toEqual(model);
    expect(readSnapshot(dir, 'key-2')).toBeUndefined();
    expect(readdirSync(dir)).toHaveLength(2);
  });
});
