import { visitNotIgnoredFiles, type Tree } from '@nx/devkit';

/** The files rustup takes a folder's toolchain from (the `.toml` one wins when both are there). */
const TOOLCHAIN_FILES = ['rust-toolchain.toml', 'rust-toolchain'];

/**
 * Paths of the toolchain files git would commit, one per folder, the root's first: CI gets what
 * rustup picks in each of those folders. Git-ignored files are never on the runner.
 */
export function toolchainFiles(tree: Tree): string[] {
  const byFolder = new Map<string, string>();
  visitNotIgnoredFiles(tree, '', (path) => {
    const slash = path.lastIndexOf('/');
    const name = path.slice(slash + 1);
    if (!TOOLCHAIN_FILES.includes(name)) return;
    const folder = slash < 0 ? '' : path.slice(0, slash);
    const current = byFolder.get(folder);
    if (!current || name === TOOLCHAIN_FILES[0]) byFolder.set(folder, path);
  });
  return [...byFolder].sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))).map(([, path]) => path);
}
