import type { Tree } from '@nx/devkit';
import type { ModelFs } from '../cargo';
import { joinPath } from '../cargo/paths';

/** A generator's or a release's Tree as the cargo model's file system: pending writes included. */
export function treeFs(tree: Tree): ModelFs {
  return {
    readFile: (path) => (tree.isFile(path) ? (tree.read(path, 'utf-8') ?? undefined) : undefined),
    listDir: (path) => {
      if (path !== '' && (!tree.exists(path) || tree.isFile(path))) return undefined;
      return tree.children(path).map((name) => ({ name, isDir: !tree.isFile(joinPath(path, name)) }));
    },
    isFile: (path) => tree.isFile(path),
  };
}
