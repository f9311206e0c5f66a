import { ManifestError, siteOf } from './errors';
import type { ModelFs } from './fs';
import { joinPath, joinRelative } from './paths';
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
/** How cargo's errors call each kind ("binary target bin.name is required"). */
const HUMAN: Record<AutoKind, string> = { bin: 'binary', example: 'example', test: 'test', bench: 'benchmark' };

/**
 * The crate's targets as cargo sees them: explicit `[lib]`/`[[bin]]`/… entries, plus those cargo
 * discovers on disk (`src/lib.rs`, `src/main.rs`, `src/bin/`, `examples/`, `tests/`, `benches/`)
 * unless `auto* = false` (or, in edition 2015, when explicit entries of that kind exist).
 * Throws ManifestError where cargo refuses the manifest (a nameless `[[bin]]`, a declared target
 * whose file cannot be found, …).
 */
export function discoverTargets(manifest: Manifest, ctx: TargetContext, fs: ModelFs): CargoTarget[] {
  const pkg = manifest.package ?? {};
  const exists = (p: string) => fs.isFile(joinPath(ctx.dir, p));
  const out: CargoTarget[] = [];

  const lib = libTarget(manifest.lib, pkg.autolib !== false, ctx, exists);
  if (lib) out.push(lib);

  for (const kind of ['bin', 'example', 'test', 'bench'] as const) {
    const explicit = manifest[KIND_FIELD[kind]] as RawTarget[] | undefined;
    const inferred = inferTargets(kind, ctx, fs, exists);
    const auto = pkg[AUTO_FLAGS[kind]];
    const legacy = (name: string) => legacyPath(kind, name, lib !== undefined, ctx, exists);
    out.push(...mergeTargets(kind, explicit, inferred, auto === undefined ? undefined : auto !== false, ctx, legacy));
  }
  // A package must build something; an example, test or bench alone will do, a build script will not.
  if (out.length === 0) {
    throw new ManifestError(
      'no targets specified in the manifest\neither src/lib.rs, src/main.rs, a [lib] section, or [[bin]] section must be present',
      siteOf(['package'], ['project']),
    );
  }
  return out;
}

const KIND_FIELD = { bin: 'bins', example: 'examples', test: 'tests', bench: 'benches' } as const;

/**
 * `[lib]`, or src/lib.rs when present and `autolib` is not false. A declared `[lib]` without a
 * path still finds src/lib.rs (whatever `autolib` says), or in edition 2015 src/<name>.rs.
 */
function libTarget(raw: RawTarget | undefined, autolib: boolean, ctx: TargetContext, exists: (p: string) => boolean): CargoTarget | undefined {
  const inferred = exists('src/lib.rs');
  if (!raw && !(autolib && inferred)) return undefined;
  const name = raw?.name ?? ctx.packageName.replace(/-/g, '_');
  if (name.includes('-')) {
    throw new ManifestError(`library target names cannot contain hyphens: ${name}`, siteOf(['lib', 'name'], ['package', 'name'], ['project', 'name']));
  }
  const path =
    raw?.path !== undefined
      ? normalizeTargetPath(raw.path)
      : inferred
        ? 'src/lib.rs'
        : ctx.edition === '2015' && exists(`src/${name}.rs`)
          ? `src/${name}.rs`
          : undefined;
  if (path === undefined) {
    throw new ManifestError(`can't find library \`${name}\`, rename file to \`src/lib.rs\` or specify lib.path`, siteOf(['lib']));
  }
  const crateTypes = raw?.procMacro ? ['proc-macro'] : (raw?.crateTypes ?? ['lib']);
  const lib: CargoTarget = { kind: 'lib', name, path, crateTypes, requiredFeatures: raw?.requiredFeatures };
  if (raw?.test !== undefined) lib.test = raw.test;
  if (raw?.doctest !== undefined) lib.doctest = raw.doctest;
  return lib;
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
  legacy: (name: string) => string | undefined,
): CargoTarget[] {
  if (!explicit) return autodiscover === false ? [] : inferred;
  const declared = explicit.map((raw, index) => explicitTarget(kind, raw, index, inferred, legacy));
  const names = new Set(declared.map((t) => t.name));
  const paths = new Set(explicit.filter((r) => r.path).map((r) => normalizeTargetPath(r.path!)));
  const rest = inferred.filter((t) => !names.has(t.name) && !paths.has(t.path));
  const discover = autodiscover ?? ctx.edition !== '2015';
  return discover ? [...declared, ...rest] : declared;
}

/**
 * A declared `[[bin]]`/… entry: it needs a name, and without a path it takes the one discovered
 * for that name (edition 2015 also tries its legacy locations), as cargo's `target_path` does.
 */
function explicitTarget(
  kind: AutoKind,
  raw: RawTarget,
  index: number,
  inferred: CargoTarget[],
  legacy: (name: string) => string | undefined,
): CargoTarget {
  const name = raw.name;
  if (!name) throw new ManifestError(`${HUMAN[kind]} target ${kind}.name is required`, siteOf([kind, index]));
  const path = raw.path ? normalizeTargetPath(raw.path) : (inferred.find((t) => t.name === name)?.path ?? legacy(name));
  if (path === undefined) {
    const dir = AUTO_DIRS[kind];
    throw new ManifestError(
      `can't find \`${name}\` ${kind} at \`${dir}/${name}.rs\` or \`${dir}/${name}/main.rs\`. ` +
        `Please specify ${kind}.path if you want to use a non-default path.`,
      siteOf([kind, index, 'name']),
    );
  }
  const target: CargoTarget = { kind, name, path };
  if (raw.harness !== undefined) target.harness = raw.harness;
  if (raw.test !== undefined) target.test = raw.test;
  if (raw.requiredFeatures) target.requiredFeatures = raw.requiredFeatures;
  return target;
}

/** Edition 2015's fallbacks for a declared target without a path (cargo's `legacy_*_path`). */
function legacyPath(kind: AutoKind, name: string, hasLib: boolean, ctx: TargetContext, exists: (p: string) => boolean): string | undefined {
  if (ctx.edition !== '2015') return undefined;
  if (kind === 'bin') {
    const candidates = [...(hasLib ? [] : [`src/${name}.rs`]), 'src/main.rs', 'src/bin/main.rs'];
    return candidates.find(exists);
  }
  if (kind === 'bench' && name === 'bench' && exists('src/bench.rs')) return 'src/bench.rs';
  return undefined;
}

/** Cargo normalizes target paths lexically: `./a.rs` is `a.rs`, `a/../b.rs` is `b.rs`. */
function normalizeTargetPath(p: string): string {
  return joinRelative('', p);
}
