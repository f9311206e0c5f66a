import type { CreateNodes, CreateNodesResultArray } from '@nx/devkit';
import { buildClosures, crateWorkspaces, featureFreeCrates, NO_READS, publishDependencies, placeOf, type CargoModel, type Problem, type SourceReads } from '../cargo';
import { rememberModel } from './entry-models';
import { externalNodeName, externalNodes } from './external-nodes';
import { loadModel } from './load-model';
import * as log from './log';
import { normalizeOptions, type RustPluginOptions } from './options';
import { crateProject, invalidCrateProject, refusedCrateProject } from './project';
import { assignProjectNames } from './project-names';
import { nxBehaviour, type NxBehaviour } from './nx-version';
import { NOTHING_SHARED, olderNxTargetDefaultsWarning, readNxJsonShared, settingsHiddenByNxJson, type NxJsonShared } from './shared-config';
import { crateSourceReads } from './source-reads';
import { plannedNamedInputs, planTargets } from './targets/crate-targets';

/**
 * Manifests, lockfiles and Rust sources: Nx hands them all to createNodes, so target discovery
 * needs no disk walk and the sources can be scanned for the files they include, and re-runs
 * inference when any of them changes.
 */
export const CARGO_FILES_GLOB = '**/{Cargo.toml,Cargo.lock,*.rs}';

export const createNodes: CreateNodes<RustPluginOptions> = [
  CARGO_FILES_GLOB,
  (files, options, context) => {
    const enabled = normalizeOptions(options);
    const model = loadModel(context.workspaceRoot, files);
    rememberModel(context.workspaceRoot, options, model);
    reportProblems(model.problems);
    const reads = crateSourceReads(context.workspaceRoot, model, files);
    for (const r of reads.values()) for (const w of r.warnings) log.warn(`@ms/rust: ${w}`);
    const nx = nxBehaviour();
    const stale = olderNxTargetDefaultsWarning(context.nxJsonConfiguration, nx);
    if (stale) log.warn(`@ms/rust: ${stale}`);
    const shared = readNxJsonShared(context.nxJsonConfiguration, nx);
    for (const w of hiddenSettings(model, enabled, shared)) log.warn(`@ms/rust: ${w}`);
    return nodesFromModel(model, enabled, shared, reads, nx);
  },
];

export function nodesFromModel(
  model: CargoModel,
  enabled: ReturnType<typeof normalizeOptions>,
  shared: NxJsonShared = NOTHING_SHARED,
  reads: ReadonlyMap<string, SourceReads> = new Map(),
  nx: NxBehaviour = nxBehaviour(),
): CreateNodesResultArray {
  const names = assignProjectNames(model);
  const plans = planTargets(enabled, shared);
  const targetNamedInputs = plannedNamedInputs(plans, shared.namedInputs, nx);
  const closures = buildClosures(model);
  const featureFree = featureFreeCrates(model);
  const workspaceOf = crateWorkspaces(model);
  const crateAt = new Map(model.crates.map((c) => [c.root, c]));
  const results: CreateNodesResultArray = [];
  for (const crate of model.crates) {
    const ws = workspaceOf.get(crate.root)!;
    const closure = closures.get(crate.root)!;
    const facts = {
      closure: { deps: closure.crates.map((root) => names.get(root)!), packages: closure.packages.map(externalNodeName) },
      reads: reads.get(crate.root) ?? NO_READS,
      featureFree: featureFree.has(crate.root),
      publishAfter: publishDependencies(crate, crateAt).map((root) => names.get(root)!),
    };
    const inferred = crateProject(crate, ws, names.get(crate.root)!, plans, shared, facts, targetNamedInputs);
    const project = ws.error ? refusedCrateProject(inferred, ws, ws.error) : inferred;
    results.push([crate.manifestPath, { projects: { [project.root]: project } }]);
  }
  const workspaceAt = new Map(model.workspaces.map((ws) => [ws.root, ws]));
  for (const invalid of model.invalid) {
    const refusedBy = invalid.workspaceRoot === undefined ? undefined : workspaceAt.get(invalid.workspaceRoot);
    const project = invalidCrateProject(invalid, names.get(invalid.root)!, enabled, refusedBy);
    results.push([invalid.manifestPath, { projects: { [project.root]: project } }]);
  }
  for (const lock of model.lockfiles) results.push([lock.path, { externalNodes: externalNodes(lock) }]);
  return results;
}

/** Target settings Nx will not apply, because nx.json's targetDefaults for this plugin set the same fields. */
export function hiddenSettings(model: CargoModel, enabled: ReturnType<typeof normalizeOptions>, shared: NxJsonShared): string[] {
  const why = (target: string, fields: string[]) =>
    `${fields.map((f) => `\`${f}\``).join(', ')} of target \`${target}\` ${fields.length > 1 ? 'are' : 'is'} ignored: nx.json's targetDefaults entry for \`${target}\` filtered to @ms/rust sets ${fields.length > 1 ? 'them' : 'it'} too, and Nx applies targetDefaults over inferred targets. Remove ${fields.length > 1 ? 'those fields' : 'that field'} from the targetDefaults entry to set ${fields.length > 1 ? 'them' : 'it'} here.`;
  const warnings: string[] = [];
  const fromOptions = Object.fromEntries(enabled.map((t) => [t.name, t.extra]));
  for (const { target, fields } of settingsHiddenByNxJson(fromOptions, shared)) warnings.push(`plugin options in nx.json: ${why(target, fields)}`);
  for (const crate of model.crates) {
    for (const { target, fields } of settingsHiddenByNxJson(crate.nx.targets, shared)) warnings.push(`${crate.manifestPath} [package.metadata.nx.targets.${target}]: ${why(target, fields)}`);
  }
  return warnings;
}

function reportProblems(problems: Problem[]): void {
  for (const p of problems) {
    const text = `@ms/rust: ${placeOf(p)}: ${p.message}`;
    if (p.severity === 'error') log.error(text);
    else log.warn(text);
  }
}
