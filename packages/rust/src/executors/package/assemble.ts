import { archiveEntries, archiveFormat, archiveStem, writeArchive, type ArchiveFile } from './archive';
import { checksumLine, MANIFEST_FILE, manifestJson, sha256, type ManifestArtifact, type PackageManifest } from './manifest';

/** What goes into the package folder: the manifest's facts, and the files to archive. */
export interface PackageContents extends Omit<PackageManifest, 'artifacts' | 'binaries'> {
  /** Binaries and C libraries; no archive when there are none. */
  binaries: ArchiveFile[];
  /** README*, LICENSE*, CHANGELOG*, put in the archive beside the binaries. */
  documents: ArchiveFile[];
  /** cargo's .crate, when made. */
  crateFile?: { name: string; data: Buffer };
}

/**
 * Every file of dist/packages/<project>/ by name: the archive, the .crate, a `.sha256` beside
 * each (`sha256sum -c` format), and manifest.json. A pure function of its argument: the same
 * contents give the same bytes.
 */
export function assemblePackage(c: PackageContents): { files: Map<string, Buffer | string>; manifest: PackageManifest } {
  const files = new Map<string, Buffer | string>();
  const artifacts: ManifestArtifact[] = [];
  const add = (file: string, data: Buffer, kind: ManifestArtifact['kind'], contents?: string[]) => {
    const hex = sha256(data);
    files.set(file, data);
    files.set(`${file}.sha256`, checksumLine(hex, file));
    artifacts.push({ file, kind, sha256: hex, size: data.length, ...(contents ? { contents } : {}) });
  };
  if (c.binaries.length) {
    const stem = archiveStem(c.crate, c.version, c.triple);
    const format = archiveFormat(c.triple);
    const entries = archiveEntries(stem, [...c.binaries, ...c.documents]);
    const paths = entries.map((e) => (e.type === 'dir' ? `${e.path}/` : e.path));
    add(`${stem}.${format}`, writeArchive(format, entries, c.mtime), 'archive', paths);
  }
  if (c.crateFile) add(c.crateFile.name, c.crateFile.data, 'crate');
  const manifest: PackageManifest = {
    crate: c.crate,
    version: c.version,
    project: c.project,
    triple: c.triple,
    profile: c.profile,
    features: c.features,
    allFeatures: c.allFeatures,
    noDefaultFeatures: c.noDefaultFeatures,
    mtime: c.mtime,
    artifacts,
    binaries: c.binaries.map((b) => ({ name: b.name, bytes: b.data.length })),
    warnings: c.warnings,
  };
  files.set(MANIFEST_FILE, manifestJson(manifest));
  return { files, manifest };
}
