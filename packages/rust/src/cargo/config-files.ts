import { dirname, join } from 'node:path';

/**
 * The config files cargo reads when it runs in `cwd` (an absolute folder), nearest first, as its
 * documentation lists them: `.cargo/config.toml` and `.cargo/config` in `cwd` and in every folder
 * above it up to the file system's root, then those of `cargoHome` (`$CARGO_HOME`, by default
 * `~/.cargo`). A folder reached twice (the home below `cwd`) is read once, at its first place.
 * The files need not exist: the caller reads those that do.
 */
export function cargoConfigCandidates(cwd: string, cargoHome: string): string[] {
  const folders: string[] = [];
  for (let dir = cwd; ; dir = dirname(dir)) {
    folders.push(join(dir, '.cargo'));
    if (dirname(dir) === dir) break;
  }
  const home = join(cargoHome);
  if (!folders.includes(home)) folders.push(home);
  return folders.flatMap((folder) => [join(folder, 'config.toml'), join(folder, 'config')]);
}
