import { gzipDeterministic, tarArchive, type ArchiveEntry } from './tar';
import { zipArchive } from './zip';

/** A file to put in a release archive, under its base name. */
export interface ArchiveFile {
  name: string;
  data: Buffer;
  executable: boolean;
}

/** zip for Windows triples (what Windows users open), gzipped tar everywhere else. */
export function archiveFormat(triple: string): 'zip' | 'tar.gz' {
  return /-windows(-|$)/.test(triple) ? 'zip' : 'tar.gz';
}

/** `<crate>-<version>-<triple>`: the archive's name without extension, and the folder inside it. */
export function archiveStem(crate: string, version: string, triple: string): string {
  return `${crate}-${version}-${triple}`;
}

/**
 * The archive's entries: one folder named like the archive, holding the files, sorted by their
 * UTF-8 bytes, with normalized modes (0755 for folders and executables, 0644 for the rest).
 * Two files of the same name are refused (a binary named like a README, say).
 */
export function archiveEntries(folder: string, files: ArchiveFile[]): ArchiveEntry[] {
  const seen = new Set<string>();
  for (const f of files) {
    if (seen.has(f.name)) throw new Error(`two files named ${f.name} would go into ${folder}`);
    seen.add(f.name);
  }
  const entries: ArchiveEntry[] = files.map((f) => ({ path: `${folder}/${f.name}`, type: 'file', mode: f.executable ? 0o755 : 0o644, data: f.data }));
  entries.sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)));
  return [{ path: folder, type: 'dir', mode: 0o755 }, ...entries];
}

/** The archive's bytes: the same files, time and format always give the same bytes. */
export function writeArchive(format: 'zip' | 'tar.gz', entries: ArchiveEntry[], mtime: number): Buffer {
  return format === 'zip' ? zipArchive(entries, mtime) : gzipDeterministic(tarArchive(entries, mtime));
}

/**
 * The time every archive entry gets: `SOURCE_DATE_EPOCH` when set (reproducible-builds.org's
 * convention), else 0. A value that is not a whole number of seconds is refused, as that
 * convention asks, rather than silently ignored.
 */
export function archiveMtime(env: Record<string, string | undefined>): number {
  const value = env.SOURCE_DATE_EPOCH;
  if (value === undefined || value === '') return 0;
  if (!/^\d+$/.test(value.trim())) throw new Error(`SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, not "${value}"`);
  return Number(value.trim());
}
