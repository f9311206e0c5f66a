/** Readers for the archives the package executor writes, for tests. */

/** Reads a ustar archive back: every header field the writer fixes, and the data. */
export function readTar(tar: Buffer) {
  const entries: { name: string; mode: number; uid: number; gid: number; size: number; mtime: number; type: string; uname: string; gname: string; magic: string; data: Buffer; checksumOk: boolean }[] = [];
  const str = (b: Buffer, from: number, len: number) => b.subarray(from, from + len).toString('utf8').replace(/\0.*$/s, '');
  const num = (b: Buffer, from: number, len: number) => parseInt(str(b, from, len).trim() || '0', 8);
  let offset = 0;
  while (offset + 512 <= tar.length) {
    const h = tar.subarray(offset, offset + 512);
    if (h.every((x) => x === 0)) break;
    const copy = Buffer.from(h);
    copy.fill(0x20, 148, 156);
    const sum = copy.reduce((a, x) => a + x, 0);
    const prefix = str(h, 345, 155);
    const size = num(h, 124, 12);
    entries.push({
      name: (prefix ? `${prefix}/` : '') + str(h, 0, 100),
      mode: num(h, 100, 8),
      uid: num(h, 108, 8),
      gid: num(h, 116, 8),
      size,
      mtime: num(h, 136, 12),
      type: String.fromCharCode(h[156]),
      magic: h.subarray(257, 265).toString('latin1'),
      uname: str(h, 265, 32),
      gname: str(h, 297, 32),
      data: Buffer.from(tar.subarray(offset + 512, offset + 512 + size)),
      checksumOk: sum === num(h, 148, 8),
    });
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return entries;
}
