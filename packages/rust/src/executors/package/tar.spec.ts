import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { readTar } from '../../testing/archives';
import { archiveEntries } from './archive';
import { gzipDeterministic, tarArchive, type ArchiveEntry } from './tar';

const files = () => [
  { name: 'README.md', data: Buffer.from('# app\n'), executable: false },
  { name: 'app', data: Buffer.from('\x7fELF binary'), executable: true },
  { name: 'LICENSE-MIT', data: Buffer.alloc(1500, 'x'), executable: false },
];

describe('tarArchive', () => {
  it('writes ustar entries that read back with fixed owners, times and normalized modes, sorted', () => {
    const entries = archiveEntries('app-1.0.0-x86_64-unknown-linux-gnu', files());
    const read = readTar(tarArchive(entries, 0));
    expect(read.map((e) => [e.name, e.type, e.mode.toString(8), e.size])).toEqual([
      ['app-1.0.0-x86_64-unknown-linux-gnu/', '5', '755', 0],
      ['app-1.0.0-x86_64-unknown-linux-gnu/LICENSE-MIT', '0', '644', 1500],
      ['app-1.0.0-x86_64-unknown-linux-gnu/README.md', '0', '644', 6],
      ['app-1.0.0-x86_64-unknown-linux-gnu/app', '0', '755', 11],
    ]);
    for (const e of read) expect({ uid: e.uid, gid: e.gid, uname: e.uname, gname: e.gname, mtime: e.mtime, magic: e.magic, checksumOk: e.checksumOk }).toEqual({ uid: 0, gid: 0, uname: '', gname: '', mtime: 0, magic: 'ustar\u000000', checksumOk: true });
    expect(read[1].data).toEqual(Buffer.alloc(1500, 'x'));
    expect(read[3].data.toString()).toBe('\x7fELF binary');
  });

  it('gives the same bytes for the same entries, whatever order they were given in, and differs with the time', () => {
    const a = gzipDeterministic(tarArchive(archiveEntries('x', files()), 0));
    const b = gzipDeterministic(tarArchive(archiveEntries('x', files().reverse()), 0));
    expect(a.equals(b)).toBe(true);
    const later = tarArchive(archiveEntries('x', files()), 1700000000);
    expect(readTar(later).every((e) => e.mtime === 1700000000)).toBe(true);
    expect(gzipDeterministic(later).equals(a)).toBe(false);
  });

  it('splits long names into ustar prefix and name, and refuses what cannot fit', () => {
    const long = `${'d'.repeat(120)}/${'f'.repeat(90)}`;
    expect(readTar(tarArchive([{ path: long, type: 'file', mode: 0o644, data: Buffer.from('x') }], 0))[0].name).toBe(long);
    expect(() => tarArchive([{ path: 'x'.repeat(300), type: 'file', mode: 0o644 }], 0)).toThrow(/too long/);
  });

  it('gzips with a header free of time, name and host: 1f 8b, deflate, no flags, mtime 0, Unix', () => {
    const gz = gzipDeterministic(tarArchive([], 0));
    expect([...gz.subarray(0, 10)]).toEqual([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 3]);
    expect(gunzipSync(gz).length).toBe(1024);
  });

  const tarTool = spawnSync('tar', ['--version']).status === 0;
  (tarTool ? it : it.skip)('is read by the system tar, modes, owners and times included', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ms-rust-tar-'));
    try {
      const entries: ArchiveEntry[] = archiveEntries('pkg', files());
      writeFileSync(join(dir, 'a.tar.gz'), gzipDeterministic(tarArchive(entries, 86400)));
      const list = spawnSync('tar', ['-tvzf', 'a.tar.gz', '--numeric-owner'], { cwd: dir, encoding: 'utf8' });
      expect(list.status).toBe(0);
      expect(list.stdout).toMatch(/^-rwxr-xr-x 0\/0\s+11 1970-01-02 \d\d:00 pkg\/app$/m);
      expect(spawnSync('tar', ['-xzf', 'a.tar.gz'], { cwd: dir }).status).toBe(0);
      expect(readFileSync(join(dir, 'pkg', 'README.md'), 'utf8')).toBe('# app\n');
      expect(statSync(join(dir, 'pkg', 'app')).mode & 0o777).toBe(0o755);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
