/**
 * Options of `@ms/rust:publish` (see schema.json). `nx release publish` passes `dryRun`,
 * `registry`, `tag`, `otp`, `access` and `firstRelease` when given, and `nxReleaseVersionData`
 * after `nx release` versioned; the npm-only ones are accepted and ignored.
 */
export interface PublishExecutorOptions {
  /** `cargo publish --dry-run`: package and verify, upload nothing. Also set by NX_DRY_RUN=true. */
  dryRun?: boolean;
  /** A registry name of cargo's configuration (`--registry`), or an index URL (`--index`). */
  registry?: string;
  /** More arguments for cargo publish (`--allow-dirty`, `--no-verify`, `--features`, …). */
  args?: string[];
  tag?: string;
  otp?: string | number;
  access?: string;
  firstRelease?: boolean;
  nxReleaseVersionData?: unknown;
}

/** npm's options that Nx hands every publish executor: cargo has no such thing. */
export const NPM_ONLY_OPTIONS = ['tag', 'otp', 'access'] as const;

/** The options, or a message naming what is wrong. */
export function resolvePublishOptions(given: Record<string, unknown>): { options: PublishExecutorOptions; notes: string[] } | { error: string } {
  const { dryRun, registry, args } = given;
  if (dryRun !== undefined && typeof dryRun !== 'boolean') return { error: `@ms/rust:publish: dryRun must be true or false, not ${JSON.stringify(dryRun)}` };
  if (registry !== undefined && (typeof registry !== 'string' || !registry)) return { error: `@ms/rust:publish: registry must be a registry name or an index URL, not ${JSON.stringify(registry)}` };
  if (args !== undefined && !(Array.isArray(args) && args.every((a) => typeof a === 'string'))) return { error: `@ms/rust:publish: args must be a list of strings, not ${JSON.stringify(args)}` };
  const notes = NPM_ONLY_OPTIONS.filter((k) => given[k] !== undefined).map((k) => `--${k} is an npm option; cargo publish has none: ignored`);
  return { options: { dryRun: dryRun as boolean | undefined, registry: registry as string | undefined, args: args as string[] | undefined }, notes };
}
