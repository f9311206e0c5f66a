import type { TargetConfiguration } from '@nx/devkit';
import type { Workspace } from '../cargo';
import { OWN_EXTERNALS_ONLY, rootPrefix, type Input } from './inputs';

/**
 * The lock gate: a task per crate (`cargo-lock`) that runs nothing and whose input is the whole
 * Cargo.lock. The targets that compile depend on it and read its (never written) outputs:
 * `nx affected` then carries a lock-only change to them (its own lockfile handling covers
 * JavaScript lockfiles only), while their hashes still see only their own slice of the lock
 * (through `cargo:` nodes). Everything about the gate is here: the target specs only say whether
 * they are gated (`TargetSpec.lockGate`), and the rest of the plugin asks this module.
 *
 * To adopt when the installed Nx has it: `createTouchedDependencies`, a plugin export
 * `[manifestFilePattern, (files: { file, baseContent, headContent }[], options, context) =>
 * string[] | '*']` whose result names the external nodes a change touched; `nx affected` then
 * walks back from those nodes to the crates using them. Nx 24.0.6 does not have it (its
 * `NxPlugin` has no such key); newer nx source does (`NxPlugin.createTouchedDependencies`, run by
 * `project-graph/affected/locators/touched-dependencies`).
 * The plugin would export it for `**\/Cargo.lock`, diffing the two `[[package]]` lists into
 * `cargo:<name>@<version>` node names (`'*'` when a side is missing or unparsable), and, on an
 * Nx that runs it (detected by the hook's presence in the installed nx, its locator module, not
 * by version alone), `hasLockGate`, `lockGateDependsOn` and `lockGateInputs` give nothing: no
 * gate target, no `dependsOn`, no gate input. Those three are all the rest of the plugin asks.
 */
export const LOCK_GATE_TARGET = 'cargo-lock';

/** The cargo executor's command that runs nothing: the gate's. */
export const LOCK_GATE_COMMAND = 'none';

const LOCK_GATE_OUTPUTS = 'dist/.cargo-lock';
const READS_LOCK_GATE: Input = { dependentTasksOutputFiles: `${LOCK_GATE_OUTPUTS}/**` };

/**
 * The oldest Nx major that, in a batch, hashes and looks up a task reading the outputs of a task
 * that is never cached (the gate) once that task ran. Nx 22 and 23 never look such a task up, so
 * every batched run would re-run everything; their `nx affected` selects whole projects, which
 * the gate's Cargo.lock input already does: there nothing reads the gate's outputs.
 */
export const NX_MAJOR_READING_LOCK_GATE = 24;

/** Whether the crate has a gate: its Cargo workspace has a Cargo.lock. */
export const hasLockGate = (ws: Workspace): boolean => ws.lockfilePath !== undefined;

/**
 * What a target adds to its configuration when its spec says it is gated (`lockGate`): a
 * `dependsOn` on the gate. A crate of a workspace without Cargo.lock has no gate: Nx skips a
 * missing target of the same project.
 */
export const lockGateDependsOn = (gated: boolean): { dependsOn?: string[] } => (gated ? { dependsOn: [LOCK_GATE_TARGET] } : {});

/**
 * What a gated target adds to its inputs: the gate's outputs, unless the installed Nx would then
 * never look the target up in a batch (`reads`: see NX_MAJOR_READING_LOCK_GATE).
 */
export const lockGateInputs = (reads: boolean): Input[] => (reads ? [READS_LOCK_GATE] : []);

/**
 * The named input holding `lockGateInputs`, which the named inputs of gated kinds name: nx.json
 * holds Nx 24's value, whatever Nx wrote it, and below that each project defines its own (empty),
 * so an nx.json stays right across an Nx upgrade.
 */
export const LOCK_GATE_INPUT = 'cargo-lock-gate';

/** The no-op task whose input is the whole Cargo.lock of the crate's workspace. */
export function lockGateTarget(ws: Workspace, project: string): TargetConfiguration {
  return {
    // The cargo executor, told to run nothing: Nx puts a task in the same batch as the tasks
    // depending on it only when they share an executor; with `nx:noop` every build would wait for
    // its gate and Nx would start a batch (a cargo) per handful of crates.
    executor: '@ms/rust:cargo',
    options: { command: LOCK_GATE_COMMAND },
    // Never cached: Nx runs the tasks reading the outputs of a batch task that misses the cache
    // without looking them up (every build would re-run on any lock change); behind a task that
    // is not cacheable Nx 24 holds them back, runs it, then hashes and looks them up as usual
    // (Nx 22 and 23 never do: there nothing reads the gate's outputs).
    cache: false,
    inputs: [`${rootPrefix(ws.root)}Cargo.lock`, OWN_EXTERNALS_ONLY],
    // Nothing writes it: Nx only carries a change to tasks reading outputs of a task it touched.
    outputs: [`{workspaceRoot}/${LOCK_GATE_OUTPUTS}/${project}`],
    metadata: { description: 'Marks the crate affected when Cargo.lock changes; does nothing' },
  };
}
