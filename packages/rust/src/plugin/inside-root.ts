import { realpathSync } from 'node:fs';
import { isAbsolute, relative, sep } from 'node:path';

/**
 * For an Nx root: the path relative to it (forward slashes) of an absolute path inside it, as
 * written or through the root's real path (a checkout reached through a symlink), else undefined.
 */
export function insideRootOf(workspaceRoot: string): (absolute: string) => string | undefined {
  const bases = [workspaceRoot, realpathOrSelf(workspaceRoot)];
  return (absolute) => {
    for (const base of bases) {
      const r = relative(base, absolute).split(sep).join('/');
      if (r !== '..' && !r.startsWith('../') && !isAbsolute(r)) return r;
    }
    return undefined;
  };
}

export function realpathOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
