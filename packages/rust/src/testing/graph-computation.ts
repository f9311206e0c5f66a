import type { CreateDependencies, CreateDependenciesContext, CreateNodes, ProjectConfiguration, RawProjectGraphDependency } from '@nx/devkit';
import type { RustPluginOptions } from '../plugin/options';

/** The plugin's two graph hooks (its module, or the functions themselves). */
export interface GraphHooks {
  createNodes: CreateNodes<RustPluginOptions>;
  createDependencies: CreateDependencies<RustPluginOptions>;
}

/**
 * One graph computation as Nx runs it in one process (plugin isolation off), with nx.json's plugin
 * entries in order: each entry's createNodes on its files, then each entry's createDependencies.
 * Types only from @nx/devkit: a test of what the graph path loads can use it.
 */
export async function computeGraph(
  hooks: GraphHooks,
  workspaceRoot: string,
  entries: { files: string[]; options?: RustPluginOptions }[],
): Promise<{ projects: Record<string, ProjectConfiguration>; edges: RawProjectGraphDependency[][] }> {
  const nodesContext = { workspaceRoot, nxJsonConfiguration: {} };
  const projects: Record<string, ProjectConfiguration> = {};
  for (const e of entries) {
    for (const [, result] of await hooks.createNodes[1](e.files, e.options, nodesContext)) {
      for (const p of Object.values(result.projects ?? {})) projects[p.name!] = p as ProjectConfiguration;
    }
  }
  const none = { projectFileMap: {}, nonProjectFiles: [] };
  const context: CreateDependenciesContext = { ...nodesContext, projects, externalNodes: {}, fileMap: none, filesToProcess: none };
  const edges: RawProjectGraphDependency[][] = [];
  for (const e of entries) edges.push(await hooks.createDependencies(e.options, context));
  return { projects, edges };
}
