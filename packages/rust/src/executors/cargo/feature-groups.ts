import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { featureResolver, parseToml } from '../../cargo';
import { runProcess } from '../../process';
import { receivedStopSignal } from '../stop';
import { resolveArgs } from './args';
import { packageSpec, type CrateInfo } from './crate';
import { conflicts, featureless, parseFeatureTree, partitionByFeatures, TREE_FORMAT, TREE_STYLE, type FeatureResolution } from './feature-unification';
import type { TaskGroup } from './grouping';
import { profileOf, type CargoExecutorOptions } from './options';

/** Commands whose result depends on how cargo resolves features (fmt and the lock gate compile nothing; run is never grouped). */
const RESOLVING = new Set(['build', 'check', 'test', 'clippy', 'doc', 'bench']);
/** Arguments that make cargo build test, bench or example targets, whose dev-dependencies join the resolution. */
const DEV_TARGET_ARGS = new Set(['--all-targets', '--tests', '--test', '--benches', '--bench', '--examples', '--example']);
/** Arguments that change what cargo resolves: `cargo tree` gets them too (with their value). */
const RESOLVE_WITH_VALUE = new Set(['--target', '--config', '-F', '--features', '-Z']);
const RESOLVE_FLAGS = new Set(['--all-features', '--no-default-features', '--locked', '--frozen', '--offline']);
/** Arguments known not to change what cargo resolves (beyond the test targets above, and the profile). */
const NEUTRAL_WITH_VALUE = new Set(['--bin', '--example', '--test', '--bench', '--profile', '-j', '--jobs', '--message-format', '--color', '--target-dir']);
const NEUTRAL_FLAGS = new Set([
  ...DEV_TARGET_ARGS,
  '--lib', '--bins', '--doc', '--release', '-r', '--timings', '-v', '-vv', '--verbose', '-q', '--quiet', '--keep-going',
  '--no-deps', '--document-private-items', '--no-run', '--no-fail-fast', '--ignore-rust-version', '--future-incompat-report',
]);
/** Most `cargo tree` calls at once: each is short, and every one starts a cargo. */
const MAX_TREES_AT_ONCE = 4;

/** What the Cargo workspace's root manifest says about resolving: its feature resolver, and which profiles build in test mode. */
export interface WorkspaceResolving {
  resolver: string;
  /** True for `test`, `bench` and the profiles inheriting from them: `check`/`clippy` then compile tests' dev-dependencies. */
  testProfile: (name: string) => boolean;
}

export interface FeatureGroupContext {
  crateOf: (taskId: string) => CrateInfo;
  /** Project names of the workspace crates a crate depends on, directly or not. */
  dependenciesOf: (crate: CrateInfo) => Set<string>;
  /** Whether a project is a feature-free crate (see `featureFreeCrates`). */
  featureFree: (project: string) => boolean;
  /** Feature resolutions already asked of cargo in this batch, by cargo tree command line and folder. */
  memo: Map<string, Promise<FeatureResolution | undefined>>;
}

export interface FeatureSplit {
  groups: TaskGroup[];
  /** Why the group was split, for the batch's output; absent when it was not. */
  note?: string;
}

/**
 * Splits a group of tasks sharing a cargo call into calls whose crates cargo resolves alike (see
 * feature-unification.ts), so that every task gets the result it gets alone. Crates that are
 * feature-free, with everything they depend on, need no question; otherwise `cargo tree` says
 * what the whole selection resolves and, when any package has features, what each crate resolves
 * alone. If cargo cannot say, each crate runs on its own: slower, never wrong.
 */
export async function featureSafeGroups(group: TaskGroup, ctx: FeatureGroupContext): Promise<FeatureSplit> {
  if (group.taskIds.length < 2 || !RESOLVING.has(group.options.command)) return { groups: [group] };
  const crates = group.taskIds.map(ctx.crateOf);
  const provablyFree = crates.every((c) => c.featureFree && [...ctx.dependenciesOf(c)].every(ctx.featureFree));
  if (provablyFree) return { groups: [group] };

  const resolve = (packages: CrateInfo[]) => treeOf(group, packages, ctx.memo);
  // The atomized test tasks of a crate: one crate for cargo.
  const whole = await resolve(crates.filter((c, i) => crates.findIndex((o) => o.project === c.project) === i));
  if (whole && featureless(whole)) return { groups: [group] };
  const alone = new Map<string, FeatureResolution | undefined>();
  // After a stop signal nothing of the group runs: no more questions to cargo.
  await inPool(group.taskIds, async (id, i) => alone.set(id, whole && !receivedStopSignal() ? await resolve([crates[i]]) : undefined));
  if (receivedStopSignal()) return { groups: [group] };
  const parts = partitionByFeatures(group.taskIds, (id) => alone.get(id));
  if (parts.length === 1) return { groups: [group] };
  const groups = parts.map((taskIds, i) => ({ ...group, key: `${group.key}#${i}`, taskIds }));
  return { groups, note: splitNote(group, parts, alone, whole === undefined) };
}

/** `cargo tree` over `packages`, as the group's cargo call would resolve them; undefined when cargo (or this) cannot tell. */
function treeOf(group: TaskGroup, packages: CrateInfo[], memo: FeatureGroupContext['memo']): Promise<FeatureResolution | undefined> {
  const argv = treeArgs(group.options, packages.map((c) => packageSpec(c, group.options.command)), resolvingAt(group.cwd));
  if (!argv) return Promise.resolve(undefined);
  const key = JSON.stringify([group.cwd, argv, Object.entries(group.options.env ?? {}).sort()]);
  let resolution = memo.get(key);
  if (!resolution) {
    resolution = (async () => {
      const lines: string[] = [];
      const { exitCode } = await runProcess('cargo', argv, {
        cwd: group.cwd,
        env: group.options.env,
        output: 'lines',
        onLine: (l) => lines.push(l),
        // It only reads manifests: no supervisor's start-up for each of these quick calls.
        supervise: false,
      });
      return exitCode === 0 ? parseFeatureTree(lines.join('\n')) : undefined;
    })();
    memo.set(key, resolution);
  }
  return resolution;
}

/**
 * The `cargo tree` arguments that resolve what `cargo <command>` would for these options: with the
 * dev-dependencies when it builds test targets (or checks in test mode), and always under resolver
 * "1" (where their features reach normal builds too); with the arguments of `args` that change the
 * resolution. Undefined when `args` holds one this does not know: then nobody can say.
 */
export function treeArgs(options: CargoExecutorOptions, packages: string[], ws: WorkspaceResolving): string[] | undefined {
  const passed: string[] = [];
  let devTargets = options.command === 'test' || options.command === 'bench';
  let profile = profileOf(options);
  const args = options.args ?? [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') break;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const takesValue = RESOLVE_WITH_VALUE.has(name) || NEUTRAL_WITH_VALUE.has(name);
    const value = !takesValue ? undefined : eq > 0 ? arg.slice(eq + 1) : args[++i];
    if (takesValue && value === undefined) return undefined;
    if (DEV_TARGET_ARGS.has(name)) devTargets = true;
    if (name === '--profile') profile = value!;
    if (name === '--release' || name === '-r') profile = 'release';
    if (RESOLVE_WITH_VALUE.has(name)) passed.push(name, value!);
    else if (RESOLVE_FLAGS.has(name)) passed.push(name);
    else if (!NEUTRAL_WITH_VALUE.has(name) && !NEUTRAL_FLAGS.has(name)) return undefined;
  }
  const testMode = (options.command === 'check' || options.command === 'clippy') && ws.testProfile(profile);
  const dev = devTargets || testMode || ws.resolver === '1';
  const argv = ['tree', '-e', dev ? 'features' : 'features,no-dev', ...TREE_STYLE, '-f', TREE_FORMAT, '--color', 'never'];
  for (const p of packages) argv.push('-p', p);
  return [...argv, ...resolveArgs(options), ...passed];
}

/** What the root manifest of the Cargo workspace at `cwd` says about resolving; when it cannot be read, the widest answer (dev-dependencies count). */
function resolvingAt(cwd: string): WorkspaceResolving {
  const widest: WorkspaceResolving = { resolver: '1', testProfile: () => true };
  try {
    const parsed = parseToml(readFileSync(join(cwd, 'Cargo.toml'), 'utf8'), 'Cargo.toml');
    if (!parsed.ok) return widest;
    const root = parsed.value;
    return { resolver: featureResolver(root), testProfile: (name) => inheritsTest(root, name) };
  } catch {
    return widest;
  }
}

/** Whether profile `name` is `test` or `bench`, or inherits from one of them in the root manifest's `[profile.*]`. */
function inheritsTest(root: Record<string, unknown>, name: string): boolean {
  const profiles = (root.profile ?? {}) as Record<string, { inherits?: unknown } | undefined>;
  for (let p: unknown = name, hops = 0; typeof p === 'string' && hops < 16; p = profiles[p]?.inherits, hops++) {
    if (p === 'test' || p === 'bench') return true;
    if (p === 'dev' || p === 'release') return false;
  }
  return false;
}

function splitNote(group: TaskGroup, parts: string[][], alone: Map<string, FeatureResolution | undefined>, unknown: boolean): string {
  const command = `cargo ${group.options.command}`;
  if (unknown) return `${command}: cargo tree could not resolve the features of ${group.taskIds.join(', ')}; each runs in its own cargo call`;
  const described = parts.map((ids) => {
    const first = alone.get(ids[0]);
    const others = parts.filter((p) => p !== ids).map((p) => alone.get(p[0]));
    const differing = [...new Set(others.flatMap((o) => (first && o ? conflicts(first, o) : [])))].map((p) => p.replace(/ \(.*$/, ''));
    return `[${ids.join(', ')}]${differing.length ? ` (${differing.join(', ')})` : ''}`;
  });
  return `${command}: ${parts.length} cargo calls instead of one, since cargo would resolve features differently together than alone: ${described.join(' ')}`;
}

/** Runs `work` over `items`, a few at a time (cargo tree is quick, but every call starts cargo). */
async function inPool<T>(items: T[], work: (item: T, index: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await work(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(items.length, MAX_TREES_AT_ONCE, Math.max(1, availableParallelism())) }, worker));
}
