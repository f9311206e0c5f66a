import type { TargetConfiguration } from '@nx/devkit';
import type { Crate, Workspace } from '../../cargo';
import { targetInputs } from '../inputs';
import type { TargetKind } from '../options';

/** What one target kind contributes: its cargo subcommand and arguments, and how it is cached. */
export interface CargoTargetSpec {
  kind: TargetKind;
  description: string;
  /** cargo arguments after the subcommand and `-p <crate>`, before any profile flag. */
  args: string[];
  subcommand: string;
  /** Arguments that must come last (clippy's `-- -D warnings`, run's `--` before program args). */
  trailing?: string[];
  cache: boolean;
  outputs?: string[];
  /** Whether `--release`/`--profile` configurations make sense (not for fmt). */
  profiles: boolean;
}

export interface CrateContext {
  crate: Crate;
  workspace: Workspace;
  /** Profile names to offer as configurations: `release` and every `[profile.*]` of the workspace. */
  profiles: string[];
}

/**
 * The Nx target for one cargo command on one crate. cargo runs in the workspace root, where it
 * finds the workspace's Cargo.lock, config and toolchain file; `-p` names the crate.
 */
export function cargoTarget(spec: CargoTargetSpec, ctx: CrateContext): TargetConfiguration {
  const { crate, workspace } = ctx;
  const command = (profileArgs: string[]) =>
    ['cargo', spec.subcommand, '-p', crate.name, ...spec.args, ...profileArgs, ...(spec.trailing ?? [])].join(' ');
  const target: TargetConfiguration = {
    executor: 'nx:run-commands',
    options: { command: command([]), ...(workspace.root === '' ? {} : { cwd: workspace.root }) },
    cache: spec.cache,
    inputs: spec.cache ? targetInputs(spec.kind, crate) : undefined,
    outputs: spec.outputs ?? [],
    // Kept short: with plugin isolation every byte of every project crosses a process boundary twice.
    metadata: { description: spec.description, help: { command: `cargo ${spec.subcommand} --help`, example: {} } },
  };
  if (!spec.cache) delete target.inputs;
  if (spec.profiles && ctx.profiles.length) {
    target.configurations = Object.fromEntries(
      ctx.profiles.map((p) => [p, { command: command(p === 'release' ? ['--release'] : ['--profile', p]) }]),
    );
  }
  return target;
}
