/**
 * @ms/rust: an Nx plugin for Cargo workspaces. Projects, targets, cache inputs and the
 * dependency graph are inferred from Cargo.toml, Cargo.lock and cargo's own layout rules; after
 * every run of their tasks, a build metrics report is written (dist/rust-metrics).
 */
import type { PostTasksExecution, PreTasksExecution } from '@nx/devkit';
import { createDependencies } from './plugin/create-dependencies';
import { createNodes } from './plugin/create-nodes';
import { normalizeOptions, type RustPluginOptions } from './plugin/options';
import { nxJsonSharedConfig, PLUGIN_NAME } from './plugin/shared-config';

export const name = PLUGIN_NAME;
export { createNodes, createDependencies };

/**
 * Nx loads the plugin in every graph computation, where only createNodes and createDependencies
 * run: the metrics report (hook, HTML, report) is required only for a run of tasks (see
 * preTasksExecution).
 */
export const postTasksExecution: PostTasksExecution<RustPluginOptions> = (options, context) => loadMetricsHook().postTasksExecution(options, context);

/**
 * Before the tasks run: starts loading the metrics report's code (most of it @nx/devkit, ~130 ms
 * here) once this hook has answered, while Nx hashes and runs the tasks and the plugin worker
 * waits. Loaded after them, it added that time to every command that ran tasks, even a fully
 * cached one. It changes nothing else; a failure to load shows when the report is written.
 */
export const preTasksExecution: PreTasksExecution<RustPluginOptions> = (options) => {
  if (options?.metrics === false) return;
  setImmediate(() => {
    try {
      loadMetricsHook();
    } catch {
      // postTasksExecution loads it again, and reports what went wrong.
    }
  });
};

const loadMetricsHook = () => require('./metrics/hook') as typeof import('./metrics/hook');

/** Nx 22 looks for `createNodesV2`; Nx 23+ for `createNodes`. Both are the same function. */
export const createNodesV2 = createNodes;
export type { MetricsOption, RustPluginOptions, TargetOption } from './plugin/options';
export type { MetricsReport, CrateMetrics, TargetMetrics } from './metrics/report';

/**
 * The named inputs that every crate project would otherwise repeat: merged into nx.json (what
 * init does), they make the project graph smaller. Pass the plugin's options so renamed or
 * disabled targets are accounted for.
 */
export function sharedNxJsonConfig(options?: RustPluginOptions) {
  return nxJsonSharedConfig(normalizeOptions(options));
}
