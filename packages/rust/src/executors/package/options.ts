import type { CargoExecutorOptions } from '../cargo/options';

/** Options of the `@ms/rust:package` executor (see schema.json): those of the release build, and `crateFile`. */
export type PackageExecutorOptions = Pick<
  CargoExecutorOptions,
  'profile' | 'features' | 'allFeatures' | 'noDefaultFeatures' | 'target' | 'locked' | 'frozen' | 'offline' | 'env'
> & {
  /**
   * Also make cargo's own .crate (`cargo package`): set by the plugin for publishable libraries;
   * without it, the crate's `publish` setting decides.
   */
  crateFile?: boolean;
};

export const KNOWN_PACKAGE_OPTIONS = ['profile', 'features', 'allFeatures', 'noDefaultFeatures', 'target', 'locked', 'frozen', 'offline', 'env', 'crateFile'] as const;

/** The profile when the options name none (schema.json's default): a release build. */
export const DEFAULT_PACKAGE_PROFILE = 'release';

/** The cargo profile the package's binaries are built with. */
export function packageProfile(options: Pick<PackageExecutorOptions, 'profile'>): string {
  return options.profile ?? DEFAULT_PACKAGE_PROFILE;
}

/** The options, or a message naming those this executor does not take. */
export function resolvePackageOptions(given: PackageExecutorOptions): { options: PackageExecutorOptions } | { error: string } {
  const known = new Set<string>(KNOWN_PACKAGE_OPTIONS);
  const positional = ((given as { _?: unknown[] })._ ?? []).map(String);
  const unknown = Object.keys(given).filter((k) => !known.has(k) && k !== '_' && k !== '__unparsed__');
  if (unknown.length || positional.length) {
    const names = unknown.length ? unknown.map((k) => `--${k}`).join(', ') : positional.join(' ');
    return { error: `@ms/rust:package does not take ${names}. Its options: ${KNOWN_PACKAGE_OPTIONS.join(', ')}.` };
  }
  const options: Record<string, unknown> = {};
  for (const key of KNOWN_PACKAGE_OPTIONS) if (given[key] !== undefined) options[key] = given[key];
  return { options: options as PackageExecutorOptions };
}

/** The `cargo build` these options ask for, as the cargo executor's options. */
export function buildOptions(options: PackageExecutorOptions): CargoExecutorOptions {
  const { crateFile: _crateFile, ...rest } = options;
  return { command: 'build', ...rest, profile: packageProfile(options) };
}
