import type { TargetConfiguration } from '@nx/devkit';
import type { Crate, Workspace } from '../../cargo';
import { kindInputsName, type Input } from '../inputs';
import type { NxBehaviour } from '../nx-version';
import type { NormalizedTarget } from '../options';
import { mergeTarget, TARGET_SPECS, type TargetSpec } from './index';
import { projectTargetNamedInputs, sharedTargetFields } from './shared-fields';
import { copyJson } from '../copy-json';
import type { TestCiInNxJson } from './test-ci';

/** One enabled target, prepared once per graph computation for every crate. */
export interface TargetPlan {
  name: string;
  spec: TargetSpec;
  extra: Partial<TargetConfiguration>;
  /** The fields shared by every crate that nx.json does not provide. */
  shared: Partial<TargetConfiguration>;
  /** Whether the crate's own inputs go in (`scope: 'crate'`, unless nx.json sets this target's inputs). */
  closureInputs: boolean;
  /** test only: the name of its atomized target, when on (see test-ci.ts). */
  ciName?: string;
  /** test only: which of the atomized targets' metadata nx.json holds. */
  ciInNxJson?: TestCiInNxJson;
}

/** `shared`: what nx.json provides (see `NxJsonShared`); only its `targetDefaults` fields count here. */
export function planTargets(enabled: NormalizedTarget[], shared: { targetFields: ReadonlyMap<string, ReadonlySet<string>> }): TargetPlan[] {
  return enabled.map(({ kind, name, extra, ciName }) => {
    const spec = TARGET_SPECS[kind];
    const fields = sharedTargetFields(spec);
    const inNxJson = shared.targetFields.get(name) ?? new Set<string>();
    for (const field of inNxJson) delete fields[field as keyof typeof fields];
    const closureInputs = spec.cache && spec.inputs?.scope === 'crate' && !inNxJson.has('inputs');
    const metadataOf = (target: string) => shared.targetFields.get(target)?.has('metadata') === true;
    const ci = ciName ? { ciName, ciInNxJson: { ci: metadataOf(ciName), atomized: metadataOf(`${ciName}--*`) } } : {};
    return { name, spec, extra, shared: fields, closureInputs, ...ci };
  });
}

/**
 * The named inputs the planned targets name that every project must define itself (see
 * `projectTargetNamedInputs`); `inNxJson`: the names nx.json defines.
 */
export function plannedNamedInputs(plans: TargetPlan[], inNxJson: ReadonlySet<string>, nx: NxBehaviour): Record<string, Input[]> {
  return projectTargetNamedInputs([...new Set(plans.map((p) => p.spec.kind))], inNxJson, nx.readsLockGateOutputs, plans.some((p) => p.ciName));
}

export interface CrateContext {
  crate: Crate;
  workspace: Workspace;
  /** Profile names to offer as configurations: `release` and every `[profile.*]` of the workspace. */
  profiles: string[];
  /** The project's name (build artifacts go to `artifactsFolder(profile, project)`). */
  project: string;
  /** Project names of the crates of its build closure, and external node names of its packages. */
  closure: { deps: string[]; packages: string[] };
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
 * One cargo command on one crate, run by `@ms/rust:cargo` (which finds the crate, its version and
 * its Cargo workspace in the project's metadata). No `parallelism: false`: Nx would then never
 * batch these tasks; outside a batch the executor itself runs one cargo per target folder at a time.
 */
function crateTarget({ spec, shared, closureInputs }: TargetPlan, { crate, workspace, profiles, project, closure }: CrateContext): TargetConfiguration {
  const options: Record<string, unknown> = spec.executor ? { ...spec.options?.(crate) } : { command: spec.subcommand };
  if (!spec.executor) {
    const args = spec.args(crate);
    if (args.length) options.args = args;
    if (spec.toolArgs) options.toolArgs = spec.toolArgs;
  }
  if (spec.profiles) options.profile = spec.defaultProfile ?? 'dev';
  const target: TargetConfiguration = {
    executor: spec.executor ?? '@ms/rust:cargo',
    options,
    outputs: spec.outputs ? spec.outputs(crate, workspace, project) : [],
  };
  // Nx batches no task with `parallelism: false`: such a task runs on its own.
  if (spec.alone) target.parallelism = false;
  // Fresh copies for every target: Nx merges configurations in place.
  for (const key in shared) (target as Record<string, unknown>)[key] = copyJson(shared[key as keyof typeof shared]);
  if (closureInputs && spec.inputs?.scope === 'crate') target.inputs = [kindInputsName(spec.kind), ...spec.inputs.of({ workspace, closure })];
  if (spec.profiles && profiles.length) {
    const configurations: Record<string, { profile: string }> = {};
    for (const p of profiles) configurations[p] = { profile: p };
    target.configurations = configurations;
  }
  return target;
}

