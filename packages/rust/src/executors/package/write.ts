import { existsSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Writes a package folder as a whole: every file goes to a staging folder outside
 * dist/packages (dist/.tmp), which then replaces `dest` by a rename. A failure or a kill halfway
 * leaves the old folder, or none, in dist/packages, never a half-written one.
 */
export function writePackageFolder(nxRoot: string, dest: string, files: Map<string, Buffer | string>): void {
  const stagingRoot = join(nxRoot, 'dist', '.tmp');
  // Staging folders of processes that died are cleared when their name comes round again; this one is ours.
  const staging = join(stagingRoot, `package-${process.pid}-${Date.now()}`);
  mkdirSync(staging, { recursive: true });
  try {
    for (const [name, content] of files) writeFileSync(join(staging, name), content);
    rmSync(dest, { recursive: true, force: true });
    mkdirSync(dirname(dest), { recursive: true });
    renameSync(staging, dest);
  } finally {
    rmSync(staging, { recursive: true, force: true });
    try {
      if (existsSync(stagingRoot) && readdirSync(stagingRoot).length === 0) rmdirSync(stagingRoot);
    } catch {
      // Another package task is staging there: it removes the folder when done.
    }
  }
}
