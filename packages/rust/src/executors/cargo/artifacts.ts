import { chmodSync, copyFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { artifactsFolder } from '../../dist-paths';

/**
 * Copies a crate's final artifacts to `dist/target/<profile>/<project>/`, the folder its build
 * target declares as output, so that a cache hit restores runnable binaries without the target
 * folder. The folder is written under a temporary name and renamed: never left half-written.
 */
export function collectArtifacts(workspaceRoot: string, profile: string, project: string, files: string[]): string {
  const dest = join(workspaceRoot, artifactsFolder(profile, project));
  const tmp = `${dest}.${process.pid}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    for (const file of new Set(files)) {
      const to = join(tmp, basename(file));
      copyFileSync(file, to);
      chmodSync(to, statSync(file).mode);
    }
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  rmSync(dest, { recursive: true, force: true });
  renameSync(tmp, dest);
  return dest;
}
