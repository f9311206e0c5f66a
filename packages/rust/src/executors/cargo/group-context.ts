import type { ExecutorContext } from '@nx/devkit';
import { join } from 'node:path';
import type { TestUnit } from '../../cargo/test-units';
import type { CrateInfo } from './crate';

/** What a group's run needs to know of the project graph and the run around it. */
export interface GroupContext {
  crateOf: (taskId: string) => CrateInfo;
  nxRoot: string;
  /** Workspace crates a crate depends on, directly or not (from the project graph). */
  dependenciesOf: (crate: CrateInfo) => Set<string>;
  /** The project a manifest path belongs to, if any. */
  projectOfManifest: (manifestPath: string) => string | undefined;
  /**
   * A task of this project in the whole run (this batch or not, replayed from the cache or not),
   * the one with this target if there is one: where Nx shows that project's errors.
   */
  taskOfRun: (project: string, target: string) => string | undefined;
  /** The test binaries the project's atomized test targets run (their `testTarget`s). */
  testUnitsOf: (project: string) => TestUnit[];
}

/** The group context of a batch: who depends on whom, and which crate a manifest is. */
export function graphContext(context: ExecutorContext, crateOf: (taskId: string) => CrateInfo): GroupContext {
  const byManifest = new Map(
    Object.entries(context.projectsConfigurations.projects).map(([name, p]) => [join(context.root, p.root, 'Cargo.toml'), name] as const),
  );
  return {
    crateOf,
    nxRoot: context.root,
    projectOfManifest: (manifest) => byManifest.get(manifest),
    taskOfRun: (project, target) => compilingTaskOf(context, project, target),
    dependenciesOf: (crate) => dependenciesOf(context, crate.project),
    testUnitsOf: (project) =>
      Object.values(context.projectsConfigurations.projects[project]?.targets ?? {})
        .filter((t) => t.executor === '@ms/rust:cargo' && t.options?.command === 'test' && typeof t.options.testTarget === 'string')
        .map((t) => t.options.testTarget as TestUnit),
  };
}

/**
 * Nx hands a batch the whole run's task graph in its context. Only a task that compiles the
 * crate shows its errors (not its lock gate, not fmt).
 */
function compilingTaskOf(context: ExecutorContext, project: string, target: string): string | undefined {
  const targets = context.projectsConfigurations.projects[project]?.targets ?? {};
  const compiles = (t: string) => !['none', 'fmt', undefined].includes(targets[t]?.options?.command);
  const tasks = Object.values(context.taskGraph?.tasks ?? {}).filter((t) => t.target.project === project && compiles(t.target.target));
  return (tasks.find((t) => t.target.target === target) ?? tasks[0])?.id;
}

/** The projects `project` depends on in the project graph, directly or not. */
function dependenciesOf(context: ExecutorContext, project: string): Set<string> {
  const graph = context.projectGraph;
  const seen = new Set<string>();
  const queue = [project];
  while (queue.length) {
    for (const dep of graph?.dependencies[queue.pop()!] ?? []) {
      if (graph.nodes[dep.target] && !seen.has(dep.target)) {
        seen.add(dep.target);
        queue.push(dep.target);
      }
    }
  }
  return seen;
}
