import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { featureResolver, parseToml } from '../../cargo';
import { runProcess } from '../../process';
import { resolveArgs } from './args';
import { packageSpec, type CrateInfo } from './crate';
import { conflicts, featureless, parseFeatureTree, partitionByFeatures, TREE_FORMAT, type FeatureResolution } from './feature-unification';
import type { TaskGroup } from './grouping';
import type { CargoExecutorOptions } from './options';

/** Commands whose result depends on how cargo resolves features (fmt and the lock gate compile nothing; run is never grouped). */
const RESOLVING = new Set(['build', 'check', 'test', 'clippy', 'doc', 'bench']);
/** Arguments that make cargo build test, bench or example targets, whose dev-dependencies join the resolution. */
const DEV_TARGET_ARGS = new Set(['--all-targets', '--tests', '--test', '--benches', '--bench', '--examples', '--example']);

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
  const whole = await resolve(crates);
  if (whole && featureless(whole)) return { groups: [group] };
  const alone = new Map<string, FeatureResolution | undefined>();
  await inPool(group.taskIds, async (id, i) => alone.set(id, whole ? await resolve([crates[i]]) : undefined));
  const parts = partitionByFeatures(group.taskIds, (id) => alone.get(id));
  if (parts.length === 1) return { groups: [group] };
  const groups = parts.map((taskIds, i) => ({ ...group, key: `${group.key}#${i}`, taskIds }));
  return { groups, note: splitNote(group, parts, alone, whole === undefined) };
}

/** `cargo tree` over `packages`, as the group's cargo call would resolve them; undefined when cargo fails. */
function treeOf(group: TaskGroup, packages: CrateInfo[], memo: FeatureGroupContext['memo']): Promise<FeatureResolution | undefined> {
  const argv = treeArgs(group.options, packages.map((c) => packageSpec(c, group.options.command)), resolverAt(group.cwd));
  const key = JSON.stringify([group.cwd, argv, Object.entries(group.options.env ?? {}).sort()]);
  let resolution = memo.get(key);
  if (!resolution) {
    resolution = (async () => {
      const lines: string[] = [];
      const { exitCode } = await runProcess('cargo', argv, { cwd: group.cwd, env: group.options.env, output: 'lines', onLine: (l) => lines.push(l) });
      return exitCode === 0 ? parseFeatureTree(lines.join('\n')) : undefined;
    })();
    memo.set(key, resolution);
  }
  return resolution;
}

/**
 * The `cargo tree` arguments that resolve what `cargo <command>` would for these options: with the
 * dev-dependencies when it builds test targets, or always under resolver "1" (where their features
 * reach normal builds too).
 */
export function treeArgs(options: CargoExecutorOptions, packages: string[], resolver: string): string[] {
  const devTargets = options.command === 'test' || options.command === 'bench' || (options.args ?? []).some((a) => DEV_TARGET_ARGS.has(a.split('=')[0]));
  const dev = devTargets || resolver === '1';
  const argv = ['tree', '-e', dev ? 'features' : 'features,no-dev', '--prefix', 'none', '-f', TREE_FORMAT, '--color', 'never'];
  for (const p of packages) argv.push('-p', p);
  return [...argv, ...resolveArgs(options)];
}

/** The feature resolver of the Cargo workspace at `cwd`; "1" (dev-dependencies count) when its manifest cannot be read. */
function resolverAt(cwd: string): string {
  try {
    const parsed = parseToml(readFileSync(join(cwd, 'Cargo.toml'), 'utf8'), 'Cargo.toml');
    return parsed.ok ? featureResolver(parsed.value) : '1';
  } catch {
    return '1';
  }
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
  await Promise.all(Array.from({ length: Math.min(items.length, Math.max(1, availableParallelism())) }, worker));
}
