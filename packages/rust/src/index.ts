/**
 * @ms/rust: an Nx plugin for Cargo workspaces. Projects, targets, cache inputs and the
 * dependency graph are inferred from Cargo.toml, Cargo.lock and cargo's own layout rules.
 */
import { createDependencies } from './plugin/create-dependencies';
import { createNodes } from './plugin/create-nodes';

export const name = '@ms/rust';
export { createNodes, createDependencies };
/** Nx 22 looks for `createNodesV2`; Nx 23+ for `createNodes`. Both are the same function. */
export const createNodesV2 = createNodes;
export type { RustPluginOptions, TargetOption } from './plugin/options';
