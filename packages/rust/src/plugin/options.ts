import type { TargetConfiguration } from '@nx/devkit';
import { LOCK_GATE_TARGET } from './lock-gate';

/** The targets @ms/rust infers, by their default names. */
export const TARGET_KINDS = ['build', 'check', 'test', 'lint', 'fmt', 'doc', 'bench', 'run', 'package'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

/**
 * Per-target plugin option, as @nx/dotnet shapes them: rename the target (`targetName`), merge
 * extra configuration over the inferred one (any other TargetConfiguration key), or switch the
 * target off with `false`.
 */
export type TargetOption = false | (Partial<TargetConfiguration> & { targetName?: string });

/**
 * The build metrics report written after every Nx run that ran tasks of these crates (see
 * `metrics/`): on by default; `false` turns it off; `outputPath` (from the workspace root) moves it
 * from `dist/rust-metrics`.
 */
export type MetricsOption = boolean | { outputPath?: string };

/**
 * The atomized test target (as @nx/jest's `ciTargetName` and @nx/gradle's `ciTestTargetName`):
 * the name of a target depending on one target per test binary of the crate, `<name>--lib`,
 * `<name>--<test>`, … (see targets/test-ci.ts); `false` turns them off. Default `test-ci`.
 */
export const DEFAULT_CI_TEST_TARGET = 'test-ci';

/** Options of the plugin entry in nx.json: `{ "plugin": "@ms/rust", "options": { … } }`. */
export type RustPluginOptions = Partial<Record<TargetKind, TargetOption>> & { metrics?: MetricsOption; ciTestTargetName?: string | false };

export interface NormalizedTarget {
  kind: TargetKind;
  name: string;
  extra: Partial<TargetConfiguration>;
  /** test only: the name of its atomized target (`ciTestTargetName`), when on. */
  ciName?: string;
}

/** The enabled targets with their final names; rejects two kinds given the same name. */
export function normalizeOptions(options: RustPluginOptions | undefined): NormalizedTarget[] {
  const out: NormalizedTarget[] = [];
  const byName = new Map<string, TargetKind>();
  for (const kind of TARGET_KINDS) {
    const option = options?.[kind];
    if (option === false) continue;
    const { targetName, ...extra } = option ?? {};
    const name = targetName ?? kind;
    if (name === LOCK_GATE_TARGET) throw new Error(`@ms/rust: option "${kind}" names its target "${name}", the name of the lock gate every crate has`);
    const clash = byName.get(name);
    if (clash) throw new Error(`@ms/rust: options "${clash}" and "${kind}" both name their target "${name}"`);
    byName.set(name, kind);
    out.push({ kind, name, extra });
  }
  const test = out.find((t) => t.kind === 'test');
  const ci = options?.ciTestTargetName ?? DEFAULT_CI_TEST_TARGET;
  if (ci !== false && test) {
    if (typeof ci !== 'string' || ci === '' || ci.includes(':')) throw new Error(`@ms/rust: option "ciTestTargetName" must be a target name (no ":") or false, not ${JSON.stringify(ci)}`);
    const clash = ci === LOCK_GATE_TARGET ? 'the lock gate' : byName.has(ci) ? `option "${byName.get(ci)}"'s target` : undefined;
    if (clash) throw new Error(`@ms/rust: option "ciTestTargetName" names its target "${ci}", the name of ${clash}`);
    test.ciName = ci;
  }
  return out;
}
