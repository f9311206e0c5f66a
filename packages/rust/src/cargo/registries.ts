import { configKeyEnvName } from './settings';
import { asString, isTable, type TomlTable } from './toml';

/** The registry `cargo publish` uploads to, and the index it reads it from. */
export interface PublishRegistry {
  /** Its name in cargo's configuration (`crates-io` for crates.io), or the URL given for `--index`. */
  name: string;
  /** Index URL as cargo writes it (`sparse+https://…/` or a git URL); undefined when nothing configures it. */
  index?: string;
  /** The cargo arguments choosing it: `--registry <name>`, or `--index <url>`. */
  args: string[];
}

export const CRATES_IO = 'crates-io';
/** crates.io's index since cargo 1.70 (`registries.crates-io.protocol = "sparse"` is the default). */
export const CRATES_IO_SPARSE_INDEX = 'sparse+https://index.crates.io/';
export const CRATES_IO_GIT_INDEX = 'https://github.com/rust-lang/crates.io-index';

/**
 * The registry `cargo publish -p <crate>` would choose, as cargo does: the one asked for
 * (`asked`: a name, or an index URL), else the only one `publish = [..]` allows, else
 * `registry.default` (`CARGO_REGISTRY_DEFAULT` first), else crates.io; and its index from
 * `CARGO_REGISTRIES_<NAME>_INDEX` or `[registries.<name>] index`. `configs`: the parsed cargo
 * config files cargo reads from the crate's workspace, nearest first (see `cargoConfigCandidates`):
 * a key in a nearer file wins, the environment over all.
 */
export function publishRegistry(
  asked: string | undefined,
  publishList: readonly string[] | undefined,
  configs: readonly TomlTable[],
  env: Readonly<Record<string, string | undefined>>,
): PublishRegistry {
  if (asked && /^[a-z][a-z0-9+.-]*:\/\//i.test(asked)) return { name: asked, index: asked, args: ['--index', asked] };
  const chosen = asked ?? (publishList?.length === 1 ? publishList[0] : undefined);
  const name = chosen ?? env.CARGO_REGISTRY_DEFAULT ?? asString(setting(configs, ['registry', 'default'])) ?? CRATES_IO;
  // Always named: the registry uploaded to is then the one whose index was asked, and crates.io
  // works where its source is replaced (vendored or mirrored crates), which cargo publish
  // refuses without `--registry crates-io`.
  return { name, index: indexOf(name, configs, env), args: ['--registry', name] };
}

function indexOf(name: string, configs: readonly TomlTable[], env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (name === CRATES_IO) {
    const protocol = env.CARGO_REGISTRIES_CRATES_IO_PROTOCOL ?? asString(setting(configs, ['registries', CRATES_IO, 'protocol']));
    return protocol === 'git' ? CRATES_IO_GIT_INDEX : CRATES_IO_SPARSE_INDEX;
  }
  return env[configKeyEnvName(['registries', name, 'index'])] ?? asString(setting(configs, ['registries', name, 'index']));
}

/**
 * The token cargo would send to `name` (`CARGO_REGISTRIES_<NAME>_TOKEN`, `CARGO_REGISTRY_TOKEN`
 * for crates.io, or `token` in its config or credentials table), for reading an index that
 * requires authentication. Only ever sent to that index, never put on a command line.
 */
export function registryToken(name: string, configs: readonly TomlTable[], env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (name === CRATES_IO) return env.CARGO_REGISTRY_TOKEN ?? asString(setting(configs, ['registry', 'token']));
  return env[configKeyEnvName(['registries', name, 'token'])] ?? asString(setting(configs, ['registries', name, 'token']));
}

/** The value at `path` in the nearest config file that sets it. */
function setting(configs: readonly TomlTable[], path: readonly string[]): unknown {
  for (const config of configs) {
    let value: unknown = config;
    for (const key of path) value = isTable(value) ? value[key] : undefined;
    if (value !== undefined) return value;
  }
  return undefined;
}
