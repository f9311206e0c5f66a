import type { ModelFs } from './fs';
import { joinPath } from './paths';
import type { Manifest, RawTarget } from './manifest';
import type { CargoTarget, CargoTargetKind } from './types';

/** What discovery needs to know about the crate besides its manifest. */
export interface TargetContext {
  packageName: string;
  edition: string;
  /** Crate folder relative to the model root. */
  dir: string;
}

type AutoKind = Exclude<CargoTargetKind, 'lib'>;

const AUTO_DIRS: Record<AutoKind, string> = { bin: 'src/bin', example: 'examples', test: 'tests', bench: 'benches' };
const AUTO_FLAGS: Record<AutoKind, string> = { bin: 'autobins', example: 'autoexamples', test: 'autotests', bench: 'autobenches' };

/**
 * The crate's targets as cargo sees them: explicit `[lib]`/`[[bin]]`/… entries, plus those cargo
 * discovers on disk (`src/lib.rs`, `src/main.rs`, `src/bin/`, `examples/`, `tests/`, `benches/`)
 * unless `auto* = false` (or, in edition 2015, when explicit entries of that kind exist).
 */
export function discoverTargets(manifest: Manifest, ctx: TargetContext, fs: ModelFs): CargoTarget[] {
  const pkg = manifest.package ?? {};
  const exists = (p: string) => fs.isFile(joinPath(ctx.dir, p));
  const out: CargoTarget[] = [];

  const lib = libTarget(manifest.lib, pkg.autolib !== false && exists('src/lib.rs'), ctx);
  if (lib) out.push(lib);

  for (const kind of ['bin', 'example', 'test', 'bench'] as const) {
    const explicit = manifest[KIND_FIELD[kind]] as RawTarget[] | undefined;
    const inferred = inferTargets(kind, ctx, fs, exists);
    const auto = pkg[AUTO_FLAGS[kind]];
    out.push(...mergeTargets(kind, explicit, inferred, auto === undefined ? undefined : auto !== false, ctx));
  }
  return out;
}

const KIND_FIELD = { bin: 'bins', example: 'examples', test: 'tests', bench: 'benches' } as const;

function libTarget(raw: RawTarget | undefined, autoLib: boolean, ctx: TargetContext): CargoTarget | undefined {
  if (!raw && !autoLib) return undefined;
  const path = raw?.path ?? (raw || autoLib ? 'src/lib.rs' : undefined);
  if (!path) return undefined;
  const crateTypes = raw?.procMacro ? ['proc-macro'] : (raw?.crateTypes ?? ['lib']);
  return {
    kind: 'lib',
    name: (raw?.name ?? ctx.packageName).replace(/-/g, '_'),
    path: normalizeTargetPath(path),
    crateTypes,
    requiredFeatures: raw?.requiredFeatures,
  };
}

function inferTargets(kind: AutoKind, ctx: TargetContext, fs: ModelFs, exists: (p: string) => boolean): CargoTarget[] {
  const found: CargoTarget[] = [];
  if (kind === 'bin' && exists('src/main.rs')) found.push({ kind, name: ctx.packageName, path: 'src/main.rs' });
  const dir = AUTO_DIRS[kind];
  const entries = fs.listDir(joinPath(ctx.dir, dir)) ?? [];
  for (const entry of [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (!entry.isDir && entry.name.endsWith('.rs')) {
      found.push({ kind, name: entry.name.slice(0, -3), path: `${dir}/${entry.name}` });
    } else if (entry.isDir && exists(`${dir}/${entry.name}/main.rs`)) {
      found.push({ kind, name: entry.name, path: `${dir}/${entry.name}/main.rs` });
    }
  }
  return found;
}

function mergeTargets(
  kind: AutoKind,
  explicit: RawTarget[] | undefined,
  inferred: CargoTarget[],
  autodiscover: boolean | undefined,
  ctx: TargetContext,
): CargoTarget[] {
  if (!explicit) return autodiscover === false ? [] : inferred;
  const declared = explicit.map((raw) => explicitTarget(kind, raw, inferred, ctx));
  const names = new Set(declared.map((t) => t.name));
  const paths = new Set(explicit.filter((r) => r.path).map((r) => normalizeTargetPath(r.path!)));
  const rest = inferred.filter((t) => !names.has(t.name) && !paths.has(t.path));
  const discover = autodiscover ?? ctx.edition !== '2015';
  return discover ? [...declared, ...rest] : declared;
}

function explicitTarget(kind: AutoKind, raw: RawTarget, inferred: CargoTarget[], ctx: TargetContext): CargoTarget {
  const name = raw.name ?? (kind === 'bin' ? ctx.packageName : '');
  const path = raw.path
    ? normalizeTargetPath(raw.path)
    : (inferred.find((t) => t.name === name)?.path ?? defaultPath(kind, name, ctx));
  const target: CargoTarget = { kind, name, path };
  if (raw.harness !== undefined) target.harness = raw.harness;
  if (raw.requiredFeatures) target.requiredFeatures = raw.requiredFeatures;
  return target;
}

function defaultPath(kind: AutoKind, name: string, ctx: TargetContext): string {
  if (kind === 'bin' && name === ctx.packageName) return 'src/main.rs';
  return `${AUTO_DIRS[kind]}/${name}.rs`;
}

function normalizeTargetPath(p: string): string {
  return p.replace(/\\/g, '/').replace(/^\.\//, '');
}
