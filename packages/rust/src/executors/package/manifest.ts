import { createHash } from 'node:crypto';

/** One file of `dist/packages/<project>/` and its checksum. */
export interface ManifestArtifact {
  /** File name, in the package folder. */
  file: string;
  /** `archive`: the release binaries and documents; `crate`: `cargo package`'s .crate. */
  kind: 'archive' | 'crate';
  sha256: string;
  size: number;
  /** The archive's entries (archives only). */
  contents?: string[];
}

/**
 * `manifest.json`: what the package folder holds and what made it. Nothing in it depends on the
 * time or the machine beyond the inputs named here, so it is as reproducible as the archives.
 */
export interface PackageManifest {
  crate: string;
  version: string;
  project: string;
  /** Target triple the binaries were built for. */
  triple: string;
  profile: string;
  features: string[];
  allFeatures: boolean;
  noDefaultFeatures: boolean;
  /** Modification time of every archive entry (SOURCE_DATE_EPOCH, else 0). */
  mtime: number;
  artifacts: ManifestArtifact[];
  /** The binaries (and C libraries) in the archive, with their sizes before compression. */
  binaries: { name: string; bytes: number }[];
  warnings: string[];
}

export const MANIFEST_FILE = 'manifest.json';

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The `.sha256` file beside an artifact, in the format `sha256sum -c` reads in that folder. */
export function checksumLine(hex: string, file: string): string {
  return `${hex}  ${file}\n`;
}

export function manifestJson(manifest: PackageManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
