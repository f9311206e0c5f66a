import { isTable, type TomlTable } from './toml';

/**
 * Which of cargo's settings can change what cargo and rustc produce. Cargo's configuration has
 * one name space for its config files and the environment: `build.rustflags` in a config.toml is
 * `CARGO_BUILD_RUSTFLAGS` in the environment. One rule decides for both.
 *
 * Counted: the compiler and its flags (`RUSTC`, `RUSTDOC`, `RUSTFLAGS`, `RUSTDOCFLAGS`, the
 * `CARGO_ENCODED_*` forms, the wrappers `RUSTC_WRAPPER` and `RUSTC_WORKSPACE_WRAPPER` unless
 * transparent: see `transparentWrapper`), `RUSTC_BOOTSTRAP` (nightly features on a stable
 * compiler), and every
 * `CARGO_BUILD_*`, `CARGO_PROFILE_*`, `CARGO_TARGET_*`, `CARGO_UNSTABLE_*`, `CARGO_RESOLVER_*`,
 * where packages come from (`CARGO_REGISTRIES_<NAME>_INDEX`, `CARGO_REGISTRY_DEFAULT`), and the
 * Apple deployment targets rustc reads (`MACOSX_DEPLOYMENT_TARGET`, …: they change the binary).
 *
 * Not `RUSTUP_TOOLCHAIN`: the toolchain it picks is hashed as what `rustc -vV` prints in the
 * same environment (every target's `cargo-workspace` input), and its value is a name that differs
 * where the toolchain does not: rustup sets it (`stable-x86_64-unknown-linux-gnu`) for every
 * process it starts, so an nx run by `cargo make` or an xtask has it and one run from a shell
 * does not, and `+stable` and `+1.95.0` name one toolchain.
 */
const COUNTED =
  /^(RUSTC|RUSTDOC|RUSTFLAGS|RUSTDOCFLAGS|RUSTC_WRAPPER|RUSTC_WORKSPACE_WRAPPER|RUSTC_BOOTSTRAP|CARGO_ENCODED_RUSTFLAGS|CARGO_ENCODED_RUSTDOCFLAGS|CARGO_REGISTRY_DEFAULT|(MACOSX|IPHONEOS|TVOS|WATCHOS|XROS)_DEPLOYMENT_TARGET)$|^CARGO_(BUILD|PROFILE|TARGET|UNSTABLE|RESOLVER)_|^CARGO_REGISTRIES_.+_INDEX$/;

/**
 * Not counted although the families above hold them, because they change where or how fast cargo
 * works, never what it produces, and differ from machine to machine (counting them would split
 * the cache between machines that build the same thing): the target, build and artifact folders
 * (outputs are found through cargo's messages), the number of jobs, incremental compilation (also
 * per profile: `CARGO_PROFILE_<NAME>_INCREMENTAL`) and the dep-info base folder. Also never
 * counted, by not being in a counted family: `CARGO_HOME`, `CARGO_TERM_*`, `CARGO_NET_*`,
 * `CARGO_HTTP_*`, aliases, and tokens and credential providers (`CARGO_REGISTRY_TOKEN`,
 * `CARGO_REGISTRIES_<NAME>_TOKEN`): secrets, and per machine.
 */
const NOT_COUNTED = /^CARGO_(TARGET_DIR|BUILD_(TARGET_DIR|BUILD_DIR|ARTIFACT_DIR|JOBS|INCREMENTAL|DEP_INFO_BASEDIR)|PROFILE_[A-Z0-9_]+_INCREMENTAL)$/;

/** The settings naming a program cargo runs rustc through, in the environment and as config keys. */
const WRAPPER = /^(RUSTC_WRAPPER|RUSTC_WORKSPACE_WRAPPER|CARGO_BUILD_RUSTC_WRAPPER|CARGO_BUILD_RUSTC_WORKSPACE_WRAPPER)$/;

/**
 * Wrappers known to give exactly what rustc alone gives, by the program's file name: sccache
 * runs rustc with the arguments cargo gave and, on a hit, returns the files and output a run with
 * the same rustc, arguments, environment and sources gave before (its key covers all of them;
 * what it cannot key, it passes through to rustc). Counting it would split the cache between
 * machines with and without it, which build the same thing. Any other wrapper counts by its value:
 * the plugin cannot know what it does (one adding `--cfg` flags changes the binary), so a result
 * built through it is never replayed for a run without it, or through another one.
 */
const TRANSPARENT_WRAPPERS = new Set(['sccache']);

/** Whether `value` (a path or a program name, as cargo takes it) names a transparent wrapper. */
export function transparentWrapper(value: string): boolean {
  const file = value.split(/[\\/]/).pop() ?? '';
  return TRANSPARENT_WRAPPERS.has(file.replace(/\.exe$/i, '').toLowerCase());
}

/**
 * True when the environment variable (or the config key of that name) can change a result; with
 * its value, a wrapper known to be transparent does not (see `transparentWrapper`).
 */
export function settingCounts(name: string, value?: unknown): boolean {
  if (!COUNTED.test(name) || NOT_COUNTED.test(name)) return false;
  return !(WRAPPER.test(name) && typeof value === 'string' && transparentWrapper(value));
}

/**
 * Config tables that have no environment form and always count: `[env]` (variables cargo sets
 * for rustc and build scripts: `env!` reads them), `[source]` (where packages come from),
 * `[patch]` and `paths` (crates replacing others).
 */
const CONFIG_ONLY = new Set(['env', 'source', 'patch', 'paths']);

/** The environment form of a config key: `profile.dev.debug-assertions` → `CARGO_PROFILE_DEV_DEBUG_ASSERTIONS`. */
export function configKeyEnvName(path: readonly string[]): string {
  return `CARGO_${path.map((k) => k.toUpperCase().replace(/[-.]/g, '_')).join('_')}`;
}

/**
 * The settings of one cargo config file that count, as sorted `key.path=<JSON value>` lines:
 * what a hash of the file must cover (and nothing that differs between machines building the
 * same thing, such as `[net]`, `[term]`, `build.jobs` or a registry token).
 */
export function countedConfigSettings(doc: TomlTable): string[] {
  const lines: string[] = [];
  const visit = (value: unknown, path: string[]) => {
    if (CONFIG_ONLY.has(path[0])) {
      lines.push(`${path.join('.')}=${JSON.stringify(value)}`);
      return;
    }
    if (isTable(value)) {
      for (const [key, inner] of Object.entries(value)) visit(inner, [...path, key]);
      return;
    }
    if (path.length > 1 && settingCounts(configKeyEnvName(path), value)) lines.push(`${path.join('.')}=${JSON.stringify(value)}`);
  };
  for (const [key, value] of Object.entries(doc)) visit(value, [key]);
  return lines.sort();
}

/** The variables of `env` that count, as sorted `NAME=value` lines. */
export function countedEnvironment(env: Readonly<Record<string, string | undefined>>): string[] {
  return Object.keys(env)
    .filter((name) => env[name] !== undefined && settingCounts(name, env[name]))
    .sort()
    .map((name) => `${name}=${env[name]}`);
}
