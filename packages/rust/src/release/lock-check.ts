import { join } from 'node:path';
import { dirOf } from '../cargo/paths';
import { CommandNotFoundError, runProcess } from '../process';

/**
 * After a real (not dry) run, cargo checks each Cargo.lock the version actions edited: `cargo
 * update --workspace --offline --locked` resolves the workspace against it without the network
 * and fails, writing nothing, when the file does not match the manifests. The edit itself is made
 * in Nx's Tree (lockfile.ts), so a dry run shows it and a workspace whose registry crates were
 * never fetched still releases: when cargo cannot resolve offline for that reason (or is not
 * installed), the check is skipped with a warning rather than failing the release.
 */

/** Cargo.lock files (relative to the Nx root) edited in this process, for the check after all projects are versioned. */
const edited = new Set<string>();

export function rememberLockfile(file: string): void {
  edited.add(file);
}

export async function afterAllProjectsVersioned(
  cwd: string,
  opts: { dryRun?: boolean; verbose?: boolean },
): Promise<{ changedFiles: string[]; deletedFiles: string[] }> {
  const files = [...edited];
  edited.clear();
  if (opts.dryRun) return { changedFiles: [], deletedFiles: [] };
  for (const file of files) await checkLockfile(cwd, file);
  // The edits went through the Tree: Nx lists (and commits) them already.
  return { changedFiles: [], deletedFiles: [] };
}

/** Stops the release when cargo says `file` does not match its workspace's manifests. */
export async function checkLockfile(cwd: string, file: string): Promise<void> {
  const lines: string[] = [];
  let exitCode: number;
  try {
    ({ exitCode } = await runProcess('cargo', ['update', '--workspace', '--offline', '--locked'], {
      cwd: join(cwd, dirOf(file)),
      output: 'lines',
      onLine: (line) => lines.push(line),
      supervise: false,
    }));
  } catch (e) {
    if (!(e instanceof CommandNotFoundError)) throw e;
    console.warn(`@ms/rust: cargo is not on PATH, so ${file} was not checked against the manifests (it was edited for the new versions).`);
    return;
  }
  if (exitCode === 0) return;
  const output = lines.join('\n');
  if (/--locked was passed/.test(output)) {
    throw new Error(`${file} does not match the crates' manifests after versioning: cargo would change it (\`cargo update --workspace --offline --locked\` in ${dirOf(file) || '.'}):\n${output}`);
  }
  console.warn(`@ms/rust: cargo could not check ${file} offline (it was edited for the new versions); cargo said:\n${output}`);
}
