import { deflateRawSync } from 'node:zlib';
import type { ArchiveEntry } from './tar';

/**
 * A zip archive of `entries`, in the order given: one fixed modification time (MS-DOS format,
 * UTC, no earlier than 1980-01-01), Unix permission bits in the external attributes, UTF-8 names,
 * no extra fields (no per-file times, owners or sizes beyond the standard ones). The same entries
 * and time always give the same bytes. No zip64: archives over 4 GiB are refused.
 */
export function zipArchive(entries: ArchiveEntry[], mtime: number): Buffer {
  const stamp = dosTime(mtime);
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const member = zipMember(entry);
    if (offset > 0xffffffff || member.size > 0xffffffff || member.body.length > 0xffffffff) throw new Error('archive too large for zip without zip64');
    const local = localHeader(member, stamp);
    locals.push(local, member.name, member.body);
    central.push(centralRecord(member, stamp, offset), member.name);
    offset += local.length + member.name.length + member.body.length;
  }
  const centralDir = Buffer.concat(central);
  if (entries.length > 0xffff) throw new Error('too many entries for zip without zip64');
  return Buffer.concat([...locals, centralDir, endRecord(entries.length, centralDir.length, offset)]);
}

/** An entry as zip stores it: its name, its data deflated unless that does not make it smaller. */
interface ZipMember {
  isDir: boolean;
  name: Buffer;
  body: Buffer;
  /** The data's size before compression. */
  size: number;
  /** 0: stored, 8: deflated. */
  method: number;
  crc: number;
  mode: number;
}

const VERSION = 20; // 2.0: folders and deflate
const UTF8_NAMES = 0x0800;

type DosTime = { time: number; date: number };

function zipMember(entry: ArchiveEntry): ZipMember {
  const isDir = entry.type === 'dir';
  const data = isDir ? Buffer.alloc(0) : (entry.data ?? Buffer.alloc(0));
  const deflated = data.length ? deflateRawSync(data, { level: 9 }) : data;
  const stored = deflated.length >= data.length;
  return {
    isDir,
    name: Buffer.from(isDir ? `${entry.path}/` : entry.path, 'utf8'),
    body: stored ? data : deflated,
    size: data.length,
    method: stored ? 0 : 8,
    crc: crc32(data),
    mode: (isDir ? 0o040000 : 0o100000) | (entry.mode & 0o7777),
  };
}

/** The local file header that precedes a member's name and data. */
function localHeader(m: ZipMember, stamp: DosTime): Buffer {
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  writeSharedFields(local, 4, m, stamp);
  local.writeUInt16LE(0, 28); // extra field length
  return local;
}

/** A member's central directory record (before its name), pointing to its local header at `offset`. */
function centralRecord(m: ZipMember, stamp: DosTime, offset: number): Buffer {
  const record = Buffer.alloc(46);
  record.writeUInt32LE(0x02014b50, 0);
  record.writeUInt16LE((3 << 8) | VERSION, 4); // made by: Unix, so the mode bits count
  writeSharedFields(record, 6, m, stamp);
  // extra (30), comment (32), disk (34), internal attributes (36): 0
  record.writeUInt32LE(((m.mode << 16) | (m.isDir ? 0x10 : 0)) >>> 0, 38);
  record.writeUInt32LE(offset, 42);
  return record;
}

/** The fields the local header and the central record share, in the same order, from `at` on. */
function writeSharedFields(buffer: Buffer, at: number, m: ZipMember, { time, date }: DosTime): void {
  buffer.writeUInt16LE(VERSION, at);
  buffer.writeUInt16LE(UTF8_NAMES, at + 2);
  buffer.writeUInt16LE(m.method, at + 4);
  buffer.writeUInt16LE(time, at + 6);
  buffer.writeUInt16LE(date, at + 8);
  buffer.writeUInt32LE(m.crc, at + 10);
  buffer.writeUInt32LE(m.body.length, at + 14);
  buffer.writeUInt32LE(m.size, at + 18);
  buffer.writeUInt16LE(m.name.length, at + 22);
}

/** The end of central directory record. */
function endRecord(count: number, centralSize: number, centralOffset: number): Buffer {
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(count, 8);
  end.writeUInt16LE(count, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(centralOffset, 16);
  return end;
}

/** Seconds since the epoch as MS-DOS date and time fields (UTC; clamped to 1980–2107). */
export function dosTime(seconds: number): DosTime {
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
