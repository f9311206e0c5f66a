import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { archiveEntries } from './archive';
import { crc32, dosTime, zipArchive } from './zip';

/** Reads a zip back through its central directory. */
function readZip(zip: Buffer) {
  const end = zip.length - 22;
  expect(zip.readUInt32LE(end)).toBe(0x06054b50);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const out = [];
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const method = zip.readUInt16LE(at + 10);
    const [time, date, crc, csize, usize, nameLen, extraLen, commentLen] = [
      zip.readUInt16LE(at + 12), zip.readUInt16LE(at + 14), zip.readUInt32LE(at + 16), zip.readUInt32LE(at + 20),
      zip.readUInt32LE(at + 24), zip.readUInt16LE(at + 28), zip.readUInt16LE(at + 30), zip.readUInt16LE(at + 32),
    ];
    const external = zip.readUInt32LE(at + 38);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLen).toString('utf8');
    const localNameLen = zip.readUInt16LE(local + 26);
    const localExtra = zip.readUInt16LE(local + 28);
    const body = zip.subarray(local + 30 + localNameLen + localExtra, local + 30 + localNameLen + localExtra + csize);
    const data = method === 8 ? inflateRawSync(body) : Buffer.from(body);
    out.push({ name, mode: (external >>> 16) & 0o7777, kind: (external >>> 16) >> 12, time, date, crc, usize, extra: extraLen + localExtra + commentLen, data, madeBy: zip.readUInt16LE(at + 4) >> 8 });
    at += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

const files = () => [
  { name: 'app.exe', data: Buffer.alloc(4000, 'MZ'), executable: true },
  { name: 'README.md', data: Buffer.from('# app\n'), executable: false },
];

describe('zipArchive', () => {
  it('writes entries that read back: sorted, Unix modes, one time, checksums, no extra fields', () => {
    const read = readZip(zipArchive(archiveEntries('app-1.0.0-x86_64-pc-windows-msvc', files()), 0));
    expect(read.map((e) => [e.name, e.mode.toString(8), e.kind.toString(8), e.usize])).toEqual([
      ['app-1.0.0-x86_64-pc-windows-msvc/', '755', '4', 0],
      ['app-1.0.0-x86_64-pc-windows-msvc/README.md', '644', '10', 6],
      ['app-1.0.0-x86_64-pc-windows-msvc/app.exe', '755', '10', 4000],
    ]);
    for (const e of read) {
      expect({ time: e.time, date: e.date, extra: e.extra, madeBy: e.madeBy }).toEqual({ time: 0, date: 0x21, extra: 0, madeBy: 3 });
      expect(crc32(e.data)).toBe(e.crc);
    }
    expect(read[2].data).toEqual(Buffer.alloc(4000, 'MZ'));
  });

  it('gives the same bytes for the same entries and time', () => {
    const a = zipArchive(archiveEntries('x', files()), 1700000000);
    expect(a.equals(zipArchive(archiveEntries('x', files().reverse()), 1700000000))).toBe(true);
    expect(a.equals(zipArchive(archiveEntries('x', files()), 0))).toBe(false);
  });

  it('computes CRC-32 and MS-DOS times as zip readers expect', () => {
    expect(crc32(Buffer.from('123456789')).toString(16)).toBe('cbf43926');
    expect(dosTime(0)).toEqual({ time: 0, date: (1 << 5) | 1 }); // clamped to 1980-01-01
    // 2023-11-14 22:13:20 UTC
    expect(dosTime(1700000000)).toEqual({ time: (22 << 11) | (13 << 5) | 10, date: (43 << 9) | (11 << 5) | 14 });
  });

  const unzip = spawnSync('unzip', ['-v']).status === 0;
  (unzip ? it : it.skip)('is read by unzip, executable bits included', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ms-rust-zip-'));
    try {
      writeFileSync(join(dir, 'a.zip'), zipArchive(archiveEntries('pkg', files()), 0));
      expect(spawnSync('unzip', ['-t', 'a.zip'], { cwd: dir, encoding: 'utf8' }).stdout).toMatch(/No errors detected/);
      expect(spawnSync('unzip', ['-q', 'a.zip'], { cwd: dir }).status).toBe(0);
      expect(readFileSync(join(dir, 'pkg', 'README.md'), 'utf8')).toBe('# app\n');
      expect(statSync(join(dir, 'pkg', 'app.exe')).mode & 0o777).toBe(0o755);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
