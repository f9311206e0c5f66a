import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { cargoConfigCandidates, parseToml, type TomlTable } from '../../cargo';

/**
 * The cargo config files cargo reads when it runs in `cwd`, parsed, nearest first, then the
 * credentials file of `$CARGO_HOME` (where `cargo login` puts tokens). A file cargo could not
 * parse is left out: cargo itself then says what is wrong with it.
 */
export function readCargoConfigs(cwd: string, env: Readonly<Record<string, string | undefined>>): TomlTable[] {
  const home = env.CARGO_HOME ?? join(homedir(), '.cargo');
  const files = [...cargoConfigCandidates(cwd, home), join(home, 'credentials.toml'), join(home, 'credentials')];
  const configs: TomlTable[] = [];
  for (const file of files) {
    if (!existsSync(file)) continue;
    const parsed = parseToml(readFileSync(file, 'utf8'), file);
    if (parsed.ok) configs.push(parsed.value);
  }
  return configs;
}
