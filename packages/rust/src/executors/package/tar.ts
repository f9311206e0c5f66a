import { gzipSync } from 'node:zlib';

/** One entry of a release archive: a folder, or a file with its bytes. */
export interface ArchiveEntry {
  /** Path inside the archive, `/`-separated, no leading `/`; folders end without a slash. */
  path: string;
  type: 'file' | 'dir';
  /** Permission bits (0o755 or 0o644). */
  mode: number;
  data?: Buffer;
}

const BLOCK = 512;

/**
 * A POSIX ustar archive of `entries`, in the order given, with every header field fixed but the
 * name, mode, size and type: uid/gid 0, empty owner names, one modification time for all. The
 * same entries and time always give the same bytes.
 */
export function tarArchive(entries: ArchiveEntry[], mtime: number): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const data = entry.type === 'file' ? (entry.data ?? Buffer.alloc(0)) : Buffer.alloc(0);
    parts.push(tarHeader(entry, data.length, mtime));
    if (data.length) {
      parts.push(data);
      const pad = (BLOCK - (data.length % BLOCK)) % BLOCK;
      if (pad) parts.push(Buffer.alloc(pad));
    }
  }
  // End of archive: two zero blocks.
  parts.push(Buffer.alloc(2 * BLOCK));
  return Buffer.concat(parts);
}

function tarHeader(entry: ArchiveEntry, size: number, mtime: number): Buffer {
  const header = Buffer.alloc(BLOCK);
  const path = entry.type === 'dir' ? `${entry.path}/` : entry.path;
  const [prefix, name] = splitName(path);
  header.write(name, 0, 100, 'utf8');
  octal(header, 100, 8, entry.mode & 0o7777);
  octal(header, 108, 8, 0); // uid
  octal(header, 116, 8, 0); // gid
  octal(header, 124, 12, size);
  octal(header, 136, 12, mtime);
  header.fill(0x20, 148, 156); // checksum field counts as spaces while summing
  header.write(entry.type === 'dir' ? '5' : '0', 156, 1, 'ascii');
  header.write('ustar\0', 257, 6, 'ascii');
  header.write('00', 263, 2, 'ascii');
  // uname (265) and gname (297) stay empty.
  octal(header, 329, 8, 0); // devmajor
  octal(header, 337, 8, 0); // devminor
  header.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  return header;
}

/** ustar keeps names of up to 100 bytes, or a prefix of up to 155 bytes, a `/`, and such a name. */
function splitName(path: string): [string, string] {
  if (Buffer.byteLength(path) <= 100) return ['', path];
  const trimmed = path.endsWith('/') ? path.slice(0, -1) : path;
  for (let i = trimmed.lastIndexOf('/'); i > 0; i = trimmed.lastIndexOf('/', i - 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100) return [prefix, name];
  }
  throw new Error(`${path}: too long a path for a ustar archive`);
}

/** A number as ustar writes it: zero-padded octal, then NUL. */
function octal(header: Buffer, offset: number, length: number, value: number): void {
  const text = Math.trunc(value).toString(8);
  if (value < 0 || text.length > length - 1) throw new Error(`${value} does not fit a ${length}-byte ustar field`);
  header.write(`${text.padStart(length - 1, '0')}\0`, offset, length, 'ascii');
}

/**
 * gzip with a header that depends on nothing but the data: no file name, modification time 0
 * (zlib writes no time), and the operating-system byte pinned to 3 (Unix) whatever the host, so
 * Windows and Unix give the same bytes (zlib sets it from the platform it was built for).
 */
export function gzipDeterministic(data: Buffer): Buffer {
  const gz = gzipSync(data, { level: 9 });
  gz.writeUInt32LE(0, 4); // MTIME
  gz[9] = 3; // OS
  return gz;
}
