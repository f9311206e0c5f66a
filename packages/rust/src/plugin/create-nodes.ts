import { logger, type CreateNodes, type CreateNodesResultArray } from '@nx/devkit';
import type { CargoModel, Problem } from '../cargo';
import { externalNodes } from './external-nodes';
import { loadModel } from './load-model';
import { normalizeOptions, type RustPluginOptions } from './options';
import { crateProject, invalidCrateProject } from './project';
import { assignProjectNames } from './project-names';
import { NOTHING_SHARED, readNxJsonShared, type NxJsonShared } from './shared-config';
import { planTargets } from './targets/crate-targets';

/**
 * Manifests and lockfiles, plus the files cargo's target discovery looks for: Nx hands them all
 * to createNodes (so discovery needs no disk walk) and re-runs inference when any of them changes.
 */
export const CARGO_FILES_GLOB =
  '**/{Cargo.toml,Cargo.lock,build.rs,src/lib.rs,src/main.rs,src/bin/*.rs,src/bin/*/main.rs,examples/*.rs,examples/*/main.rs,tests/*.rs,tests/*/main.rs,benches/*.rs,benches/*/main.rs}';

export const createNodes: CreateNodes<RustPluginOptions> = [
  CARGO_FILES_GLOB,
  (files, options, context) => {
    const enabled = normalizeOptions(options);
    const model = loadModel(context.workspaceRoot, files);
    reportProblems(model.problems);
    return nodesFromModel(model, enabled, readNxJsonShared(context.nxJsonConfiguration), options?.cargoLockInput === true);
  },
];

export function nodesFromModel(
  model: CargoModel,
  enabled: ReturnType<typeof normalizeOptions>,
  shared: NxJsonShared = NOTHING_SHARED,
  cargoLockInput = false,
): CreateNodesResultArray {
  const names = assignProjectNames(model);
  const plans = planTargets(enabled, shared);
  const workspaceOf = new Map(model.workspaces.flatMap((ws) => ws.members.map((m) => [m, ws] as const)));
  const results: CreateNodesResultArray = [];
  for (const crate of model.crates) {
    const ws = workspaceOf.get(crate.root)!;
    const project = crateProject(crate, ws, names.get(crate.root)!, plans, shared.namedInputs, cargoLockInput);
    results.push([crate.manifestPath, { projects: { [project.root]: project } }]);
  }
  for (const invalid of model.invalid) {
    const project = invalidCrateProject(invalid, names.get(invalid.root)!, enabled);
    results.push([invalid.manifestPath, { projects: { [project.root]: project } }]);
  }
  for (const lock of model.lockfiles) results.push([lock.path, { externalNodes: externalNodes(lock) }]);
  return results;
}

function reportProblems(problems: Problem[]): void {
  for (const p of problems) {
    const where = [p.file, p.line, p.column].filter((x) => x !== undefined).join(':');
    const text = `@ms/rust: ${where}: ${p.message}`;
    if (p.severity === 'error') logger.error(text);
    else logger.warn(text);
  }
}
