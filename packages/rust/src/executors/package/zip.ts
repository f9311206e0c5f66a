import { deflateRawSync } from 'node:zlib';
import type { ArchiveEntry } from './tar';

/**
 * A zip archive of `entries`, in the order given: one fixed modification time (MS-DOS format,
 * UTC, no earlier than 1980-01-01), Unix permission bits in the external attributes, UTF-8 names,
 * no extra fields (no per-file times, owners or sizes beyond the standard ones). The same entries
 * and time always give the same bytes. No zip64: archives over 4 GiB are refused.
 */
export function zipArchive(entries: ArchiveEntry[], mtime: number): Buffer {
  const { time, date } = dosTime(mtime);
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const isDir = entry.type === 'dir';
    const name = Buffer.from(isDir ? `${entry.path}/` : entry.path, 'utf8');
    const data = isDir ? Buffer.alloc(0) : (entry.data ?? Buffer.alloc(0));
    const deflated = data.length ? deflateRawSync(data, { level: 9 }) : data;
    const stored = deflated.length >= data.length;
    const body = stored ? data : deflated;
    const method = stored ? 0 : 8;
    const crc = crc32(data);
    const version = 20; // 2.0: folders and deflate
    if (offset > 0xffffffff || data.length > 0xffffffff || body.length > 0xffffffff) throw new Error('archive too large for zip without zip64');

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(version, 4);
    local.writeUInt16LE(0x0800, 6); // names are UTF-8
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, body);

    const mode = (isDir ? 0o040000 : 0o100000) | (entry.mode & 0o7777);
    const record = Buffer.alloc(46);
    record.writeUInt32LE(0x02014b50, 0);
    record.writeUInt16LE((3 << 8) | version, 4); // made by: Unix, so the mode bits count
    record.writeUInt16LE(version, 6);
    record.writeUInt16LE(0x0800, 8);
    record.writeUInt16LE(method, 10);
    record.writeUInt16LE(time, 12);
    record.writeUInt16LE(date, 14);
    record.writeUInt32LE(crc, 16);
    record.writeUInt32LE(body.length, 20);
    record.writeUInt32LE(data.length, 24);
    record.writeUInt16LE(name.length, 28);
    // extra (30), comment (32), disk (34), internal attributes (36): 0
    record.writeUInt32LE(((mode << 16) | (isDir ? 0x10 : 0)) >>> 0, 38);
    record.writeUInt32LE(offset, 42);
    central.push(record, name);

    offset += local.length + name.length + body.length;
  }
  const centralDir = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralDir.length, 12);
  end.writeUInt32LE(offset, 16);
  if (entries.length > 0xffff) throw new Error('too many entries for zip without zip64');
  return Buffer.concat([...locals, centralDir, end]);
}

/** Seconds since the epoch as MS-DOS date and time fields (UTC; clamped to 1980–2107). */
export function dosTime(seconds: number): { time: number; date: number } {
  const d = new Date(Math.trunc(seconds) * 1000);
  const year = d.getUTCFullYear();
  if (year < 1980) return { time: 0, date: (1 << 5) | 1 };
  if (year > 2107) return { time: (23 << 11) | (59 << 5) | 29, date: (127 << 9) | (12 << 5) | 31 };
  return {
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2),
    date: ((year - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
  };
}

let table: Uint32Array | undefined;

export function crc32(data: Buffer): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const byte of data) crc = table[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
