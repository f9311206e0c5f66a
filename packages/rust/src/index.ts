/**
 * @ms/rust: an Nx plugin for Cargo workspaces. Projects, targets, cache inputs and the
 * dependency graph are inferred from Cargo.toml, Cargo.lock and cargo's own layout rules; after
 * every run of their tasks, a build metrics report is written (dist/rust-metrics).
 */
import type { PostTasksExecution } from '@nx/devkit';
import { createDependencies } from './plugin/create-dependencies';
import { createNodes } from './plugin/create-nodes';
import { normalizeOptions, type RustPluginOptions } from './plugin/options';
import { nxJsonSharedConfig, PLUGIN_NAME } from './plugin/shared-config';

export const name = PLUGIN_NAME;
export { createNodes, createDependencies };

/**
 * Nx loads the plugin in every graph computation, where only createNodes and createDependencies
 * run: the metrics report (hook, HTML, report) is required on the first run of tasks instead.
 */
export const postTasksExecution: PostTasksExecution<RustPluginOptions> = (options, context) =>
  (require('./metrics/hook') as typeof import('./metrics/hook')).postTasksExecution(options, context);

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
