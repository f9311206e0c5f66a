import type { TargetConfiguration } from '@nx/devkit';
import type { Crate, Workspace } from '../../cargo';
import type { NormalizedTarget } from '../options';
import { sharedTargetFields, type NxJsonShared } from '../shared-config';
import { mergeTarget, TARGET_SPECS, type TargetSpec } from './index';

/** One enabled target, prepared once per graph computation for every crate. */
export interface TargetPlan {
  name: string;
  spec: TargetSpec;
  extra: Partial<TargetConfiguration>;
  /** The fields shared by every crate that nx.json does not provide. */
  shared: Partial<TargetConfiguration>;
}

export function planTargets(enabled: NormalizedTarget[], shared: NxJsonShared): TargetPlan[] {
  return enabled.map(({ kind, name, extra }) => {
    const fields = sharedTargetFields(TARGET_SPECS[kind]);
    for (const field of shared.targetFields.get(name) ?? []) delete fields[field as keyof typeof fields];
    return { name, spec: TARGET_SPECS[kind], extra, shared: fields };
  });
}

export interface CrateContext {
  crate: Crate;
  workspace: Workspace;
  /** Profile names to offer as configurations: `release` and every `[profile.*]` of the workspace. */
  profiles: string[];
}

/**
 * The crate's targets: each enabled kind that applies to it, under its configured name, with the
 * plugin options' extra configuration merged over the inferred one.
 */
export function crateTargets(ctx: CrateContext, plans: TargetPlan[]): Record<string, TargetConfiguration> {
  const targets: Record<string, TargetConfiguration> = {};
  for (const plan of plans) {
    if (plan.spec.applies && !plan.spec.applies(ctx.crate)) continue;
    const target = crateTarget(plan, ctx);
    targets[plan.name] = Object.keys(plan.extra).length ? mergeTarget(target, plan.extra) : target;
  }
  return targets;
}

/**
 * One cargo command on one crate. cargo runs in the workspace root, where it finds the
 * workspace's Cargo.lock, config and toolchain file; `-p` names the crate.
 */
function crateTarget({ spec, shared }: TargetPlan, { crate, workspace, profiles }: CrateContext): TargetConfiguration {
  const pkg = spec.bareName ? crate.name : `${crate.name}@${crate.version}`;
  const base = `cargo ${spec.subcommand} -p ${pkg}${joinArgs(spec.args(crate))}`;
  const trailing = joinArgs(spec.trailing ?? []);
  const target: TargetConfiguration = {
    executor: 'nx:run-commands',
    options: workspace.root === '' ? { command: base + trailing } : { command: base + trailing, cwd: workspace.root },
    outputs: spec.outputs ? spec.outputs(crate, workspace) : [],
  };
  // Fresh copies for every target: Nx merges configurations in place.
  for (const key in shared) (target as Record<string, unknown>)[key] = copyJson(shared[key as keyof typeof shared]);
  if (spec.profiles && profiles.length) {
    const configurations: Record<string, { command: string }> = {};
    for (const p of profiles) configurations[p] = { command: `${base}${p === 'release' ? ' --release' : ` --profile ${p}`}${trailing}` };
    target.configurations = configurations;
  }
  return target;
}

function copyJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copyJson) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key in value) out[key] = copyJson((value as Record<string, unknown>)[key]);
  return out as T;
}

function joinArgs(args: string[]): string {
  return args.length ? ` ${args.join(' ')}` : '';
}
