import type { CreateDependencies, DependencyType, RawProjectGraphDependency } from '@nx/devkit';
import { crateWorkspaces, findLocalPackage, type CargoModel } from '../cargo';
import { externalNodeName } from './external-nodes';
import { modelFor } from './entry-models';
import { loadModel } from './load-model';
import type { RustPluginOptions } from './options';
import { assignProjectNames } from './project-names';

/**
 * Edges between crates (every path dependency, whatever its kind or target, matched by folder, not
 * by name) and from crates to the Cargo.lock packages they use, and between those packages.
 */
/** DependencyType.static, spelt out: the enum is a value of @nx/devkit, which the graph path does not load. */
const STATIC = 'static' as DependencyType.static;

export const createDependencies: CreateDependencies<RustPluginOptions> = (options, context) => {
  // The model createNodes built for this plugin entry (an empty one when that failed); only when
  // createNodes ran for no entry in this process, the model of every Cargo file Nx knows.
  const model =
    modelFor(context.workspaceRoot, options) ??
    loadModel(context.workspaceRoot, [
      ...Object.values(context.fileMap.projectFileMap).flatMap((files) => files.map((f) => f.file)),
      ...context.fileMap.nonProjectFiles.map((f) => f.file),
    ]);
  return dependenciesFromModel(model, (name) => Boolean(context.projects[name] || context.externalNodes?.[name]));
};

export function dependenciesFromModel(model: CargoModel, exists: (name: string) => boolean): RawProjectGraphDependency[] {
  const names = assignProjectNames(model);
  const edges = new Map<string, RawProjectGraphDependency>();
  const add = (edge: RawProjectGraphDependency) => {
    if (exists(edge.source) && exists(edge.target) && edge.source !== edge.target) edges.set(`${edge.source}\0${edge.target}`, edge);
  };

  for (const crate of model.crates) {
    const source = names.get(crate.root)!;
    for (const dep of crate.dependencies) {
      const target = dep.path !== undefined ? names.get(dep.path) : undefined;
      if (target) add({ source, target, type: STATIC, sourceFile: crate.manifestPath });
    }
  }

  const lockOf = new Map(model.lockfiles.map((l) => [l.path, l]));
  const workspaceOf = crateWorkspaces(model);
  for (const crate of model.crates) {
    const lock = lockOf.get(workspaceOf.get(crate.root)?.lockfilePath ?? '');
    const key = lock && findLocalPackage(lock, crate.name, crate.version);
    if (!lock || !key) continue;
    for (const dep of lock.packages.get(key)!.dependencies) {
      if (lock.packages.get(dep)?.source) {
        add({ source: names.get(crate.root)!, target: externalNodeName(dep), type: STATIC, sourceFile: crate.manifestPath });
      }
    }
  }
  for (const lock of model.lockfiles) {
    for (const [key, pkg] of lock.packages) {
      if (!pkg.source) continue;
      for (const dep of pkg.dependencies) {
        if (lock.packages.get(dep)?.source) add({ source: externalNodeName(key), target: externalNodeName(dep), type: STATIC });
      }
    }
  }
  return [...edges.values()];
}
