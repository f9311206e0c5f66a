import type { ProjectConfiguration, TargetConfiguration } from '@nx/devkit';
import { placeOf, refusalMessage as publishRefusalMessage, testUnits, type Crate, type InvalidCrate, type Problem, type SourceReads, type Workspace } from '../cargo';
import { copyJson } from './copy-json';
import { crateNamedInputs, type Input } from './inputs';
import { hasLockGate, LOCK_GATE_TARGET, lockGateTarget } from './lock-gate';
import type { NormalizedTarget } from './options';
import { publishTarget, PUBLISH_TARGET } from './publish-target';
import type { NxJsonShared } from './shared-config';
import { mergeTarget, TARGET_SPECS } from './targets';
import { crateTargets, type TargetPlan } from './targets/crate-targets';
import { testCiGroup, testCiTargets } from './targets/test-ci';

/** Built-in profiles cargo always has; `release` is offered as a configuration even when not declared. */
const IMPLICIT_PROFILES = ['release'];

/** What the plugin knows of a crate beyond its manifest: see `buildClosures` and `crateSourceReads`. */
export interface CrateFacts {
  closure: { deps: string[]; packages: string[] };
  reads: SourceReads;
  /** See `featureFreeCrates`: a batch groups such crates without asking cargo how it resolves their features. */
  featureFree: boolean;
  /** Projects of the publishable workspace crates its package depends on (see `publishDependencies`): published first. */
  publishAfter?: string[];
}

export function crateProject(
  crate: Crate,
  ws: Workspace,
  name: string,
  plans: TargetPlan[],
  /** What nx.json provides (see `NxJsonShared`): left out of the project. */
  shared: NxJsonShared,
  facts: CrateFacts,
  /** The targets' named inputs nx.json lacks (see `plannedNamedInputs`): the same for every crate. */
  targetNamedInputs: Record<string, Input[]> = {},
): ProjectConfiguration {
  const profiles = [...new Set([...IMPLICIT_PROFILES, ...Object.keys(ws.profiles)])];
  const targets = crateTargets({ crate, workspace: ws, profiles, project: name, closure: facts.closure }, plans);
  if (hasLockGate(ws)) targets[LOCK_GATE_TARGET] = lockGateTarget(ws, name);
  if (crate.publishability.publishable) targets[PUBLISH_TARGET] = publishTarget(facts.publishAfter ?? [], shared.targetFields.get(PUBLISH_TARGET));
  for (const [targetName, override] of Object.entries(crate.nx.targets ?? {})) {
    targets[targetName] = targets[targetName] ? mergeTarget(targets[targetName], override) : override;
  }
  const ci = atomizedTests(crate, plans, targets);
  const targetGroups = ci && testCiGroup(ci, targets);
  const project: ProjectConfiguration = {
    name,
    root: crate.root || '.',
    projectType: crate.targets.some((t) => t.kind === 'bin') ? 'application' : 'library',
    metadata: {
      technologies: ['rust'],
      ...(crate.description ? { description: crate.description } : {}),
      cargo: {
        package: crate.name,
        version: crate.version,
        workspaceRoot: ws.root || '.',
        ...publishMetadata(crate, facts.publishAfter ?? []),
        ...(facts.featureFree ? { featureFree: true } : {}),
      },
      ...(targetGroups ? { targetGroups } : {}),
    },
    namedInputs: { ...crateNamedInputs(ws, shared.namedInputs, facts.reads, crate.buildScript !== undefined, ci !== undefined), ...copyInputs(targetNamedInputs) },
    targets,
  };
  if (crate.nx.tags) project.tags = crate.nx.tags;
  if (crate.nx.implicitDependencies) project.implicitDependencies = crate.nx.implicitDependencies;
  return project;
}

/**
 * `publish`: whether cargo would publish it; `publishRegistries`: the registries `publish = [..]`
 * allows; `publishAfter`: the projects published before it; `notPublished`: why it is not.
 */
function publishMetadata(crate: Crate, after: string[]): Record<string, unknown> {
  const p = crate.publishability;
  if (!p.publishable) return { publish: false, notPublished: publishRefusalMessage(p.refusal) };
  return { publish: true, ...(p.registries ? { publishRegistries: p.registries } : {}), ...(after.length ? { publishAfter: after } : {}) };
}

/**
 * Adds the atomized test targets (see test-ci.ts) of a crate whose test target (after its own
 * `[package.metadata.nx]` settings) still runs `cargo test`, and has something to test; returns
 * the CI target's name when it did.
 */
function atomizedTests(crate: Crate, plans: TargetPlan[], targets: Record<string, TargetConfiguration>): string | undefined {
  const plan = plans.find((p) => p.ciName && p.spec.kind === 'test');
  const test = plan && targets[plan.name];
  if (!plan?.ciName || !test || test.executor !== '@ms/rust:cargo' || test.options?.command !== 'test' || targets[plan.ciName]) return undefined;
  const units = testUnits(crate);
  if (!units.length) return undefined;
  Object.assign(targets, testCiTargets(plan.ciName, plan.name, test, units, plan.ciInNxJson));
  return plan.ciName;
}

/** Fresh lists for every project: Nx merges configurations in place. */
const copyInputs = (named: Record<string, Input[]>) => Object.fromEntries(Object.entries(named).map(([k, v]) => [k, copyJson(v)]));

/**
 * A manifest cargo cannot load still becomes a project, so that asking for it shows why instead
 * of "project not found", while every other crate stays usable.
 */
export function invalidCrateProject(invalid: InvalidCrate, name: string, enabled: NormalizedTarget[], refusedBy?: Workspace): ProjectConfiguration {
  const message = refusalMessage(invalid.problem, refusedBy);
  return {
    name,
    root: invalid.root || '.',
    metadata: { technologies: ['rust'], description: `Invalid Cargo.toml: ${message}` },
    // Only the kinds every crate has: whether the others apply cannot be read from such a manifest.
    targets: Object.fromEntries(enabled.filter((t) => !TARGET_SPECS[t.kind].applies).map((t) => [t.name, standInTarget(message)])),
  };
}

/**
 * A crate of a workspace cargo refuses to load (`Workspace.error`): still its project, names
 * and edges, so the graph stays up, but every target stands in for cargo and fails with why.
 */
export function refusedCrateProject(project: ProjectConfiguration, ws: Workspace, error: Problem): ProjectConfiguration {
  const message = refusalMessage(error, ws);
  // Named inputs only feed the cargo targets' hashes; the stand-ins have none.
  const { namedInputs: _namedInputs, targets = {}, ...rest } = project;
  const names = Object.keys(targets).filter((t) => t !== LOCK_GATE_TARGET);
  // The same configuration names, so that `nx build x -c release` fails with why too.
  const standIn = (t: string) => ({ ...standInTarget(message), configurations: Object.fromEntries(Object.keys(targets[t].configurations ?? {}).map((c) => [c, {}])) });
  return { ...rest, targets: Object.fromEntries(names.map((t) => [t, standIn(t)])) };
}

/** `file:line:column: message`, and that cargo refuses the whole workspace when it does. */
function refusalMessage(problem: Problem, refusedBy: Workspace | undefined): string {
  const whole = refusedBy?.error ? ` (cargo refuses every crate of the workspace at ${refusedBy.manifestPath})` : '';
  return `${placeOf(problem)}: ${problem.message}${whole}`;
}

/**
 * Fails with `message` in place of cargo. Not cacheable and without inputs; and should nx.json's
 * `targetDefaults` make it cacheable with inputs (they win over inferred targets), its hash still
 * differs from that of any success of the crate's real target (Nx hashes the project
 * configuration, executor and options included), and a failure is never stored: nothing is
 * replayed while cargo refuses, and Nx never sees a success and a failure of one hash ("flaky").
 */
function standInTarget(message: string): TargetConfiguration {
  return {
    executor: '@ms/rust:manifest-error',
    options: { message },
    cache: false,
    inputs: [],
    metadata: { technologies: ['rust'], description: `Fails: ${message}` },
  };
}
