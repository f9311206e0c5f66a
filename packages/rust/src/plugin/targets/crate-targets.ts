import type { TargetConfiguration } from '@nx/devkit';
import type { Crate, Workspace } from '../../cargo';
import type { NormalizedTarget } from '../options';
import { sharedTargetFields, type NxJsonShared } from '../shared-config';
import { mergeTarget, TARGET_SPECS, type TargetSpec } from './index';

export interface CrateContext {
  crate: Crate;
  workspace: Workspace;
  /** Profile names to offer as configurations: `release` and every `[profile.*]` of the workspace. */
  profiles: string[];
  shared: NxJsonShared;
}

/**
 * The crate's targets: each enabled kind that applies to it, under its configured name, with the
 * plugin options' extra configuration merged over the inferred one.
 */
export function crateTargets(ctx: CrateContext, enabled: NormalizedTarget[]): Record<string, TargetConfiguration> {
  const targets: Record<string, TargetConfiguration> = {};
  for (const { kind, name, extra } of enabled) {
    const spec = TARGET_SPECS[kind];
    if (spec.applies && !spec.applies(ctx.crate)) continue;
    targets[name] = mergeTarget(crateTarget(spec, name, ctx), extra);
  }
  return targets;
}

/**
 * One cargo command on one crate. cargo runs in the workspace root, where it finds the
 * workspace's Cargo.lock, config and toolchain file; `-p` names the crate. The fields shared by
 * every crate are left out when nx.json provides them for this plugin's targets.
 */
function crateTarget(spec: TargetSpec, name: string, ctx: CrateContext): TargetConfiguration {
  const { crate, workspace } = ctx;
  const command = (profileArgs: string[]) =>
    ['cargo', spec.subcommand, '-p', crate.name, ...spec.args(crate), ...profileArgs, ...(spec.trailing ?? [])].join(' ');
  const shared = sharedTargetFields(spec);
  for (const field of ctx.shared.targetFields.get(name) ?? []) delete shared[field as keyof typeof shared];
  const target: TargetConfiguration = {
    executor: 'nx:run-commands',
    options: { command: command([]), ...(workspace.root === '' ? {} : { cwd: workspace.root }) },
    outputs: spec.outputs?.(crate, workspace) ?? [],
    ...shared,
  };
  if (spec.profiles && ctx.profiles.length) {
    target.configurations = Object.fromEntries(
      ctx.profiles.map((p) => [p, { command: command(p === 'release' ? ['--release'] : ['--profile', p]) }]),
    );
  }
  return target;
}
