import type { ExecutorContext, TaskGraph } from '@nx/devkit';
import { crateOf, type CrateInfo } from './crate';
import { featureSafeGroups, type FeatureGroupContext } from './feature-groups';
import { planGroups, type TaskGroup } from './grouping';
import { resolveOptions, type BatchTaskResult, type CargoExecutorOptions } from './options';
import { graphContext, type GroupContext } from './group-context';
import { runGroup, type GroupOutcome } from './run-group';
import { receivedStopSignal } from '../stop';
import { LOCK_GATE_COMMAND } from '../../plugin/lock-gate';

/** One task's result, as the batch hands it to Nx. */
type TaskReply = { task: string; result: BatchTaskResult };

/**
 * Nx hands this every cargo task of a run at once (preferBatch). Tasks that can share a cargo
 * call run as one `cargo <command> -p a -p b …`, groups in task-graph order (split where cargo
 * would resolve features differently together than alone: see feature-groups.ts), and each task's
 * result is reported as soon as its group is done. If cargo cannot run or dies, every task not
 * yet reported fails; none is left hanging.
 *
 * A task cargo never got to because a crate it depends on failed is reported `skipped`, with the
 * reason (and where that crate's errors are) also printed to the batch's output (Nx does not print
 * a skipped task's own output); when that crate has no task in the run, the task fails instead,
 * with the crate's errors in its own output (blocked.ts). While cargo runs, its status lines go
 * to the batch's output as they come (live-output.ts). Once
 * a stop signal arrives (Ctrl-C, Nx stopping its tasks), no further cargo starts: the interrupted
 * group's tasks are `stopped`, the rest `skipped`, and Nx caches none of them.
 */
export default async function* cargoBatch(
  taskGraph: TaskGraph,
  inputs: Record<string, CargoExecutorOptions>,
  _overrides: unknown,
  context: ExecutorContext,
): AsyncGenerator<TaskReply> {
  const reported = new Set<string>();
  try {
    const crateOfTask = memoizedCrates(context, taskGraph);
    const groupContext = graphContext(context, crateOfTask);
    const options: Record<string, CargoExecutorOptions> = {};
    for (const [task, given] of Object.entries(inputs)) {
      const resolved = resolveOptions(given);
      if ('error' in resolved) {
        reported.add(task);
        yield { task, result: { success: false, status: 'failure', terminalOutput: `${resolved.error}\n` } };
      } else if (resolved.options.command === LOCK_GATE_COMMAND) {
        // The lock gate: nothing to run. It rides in the batch so that the tasks depending on it
        // stay in one batch (Nx batches a task with its dependents only when they share an executor).
        reported.add(task);
        yield { task, result: { success: true, status: 'success', terminalOutput: '' } };
      } else options[task] = resolved.options;
    }
    const runnable = { ...taskGraph, tasks: Object.fromEntries(Object.entries(taskGraph.tasks).filter(([id]) => options[id])) };
    const waves = planGroups(runnable, (id) => options[id], (id) => crateOfTask(id).workspaceRoot);
    for await (const reply of runWaves(waves, featureContext(context, groupContext), groupContext)) {
      reported.add(reply.task);
      yield reply;
    }
  } catch (e) {
    const message = `${(e as Error).message ?? e}\n`;
    for (const task of Object.keys(taskGraph.tasks)) {
      if (!reported.has(task)) yield { task, result: { success: false, status: 'failure', terminalOutput: message } };
    }
  }
}

/** The crate of each task, read once. */
function memoizedCrates(context: ExecutorContext, taskGraph: TaskGraph): (taskId: string) => CrateInfo {
  const crates = new Map<string, CrateInfo>();
  return (taskId) => {
    let crate = crates.get(taskId);
    if (!crate) {
      crate = crateOf(context, taskGraph.tasks[taskId].target.project);
      crates.set(taskId, crate);
    }
    return crate;
  };
}

/** What splitting a group by features needs to know. */
function featureContext(context: ExecutorContext, groupContext: GroupContext): FeatureGroupContext {
  return {
    crateOf: groupContext.crateOf,
    dependenciesOf: groupContext.dependenciesOf,
    featureFree: (project) => context.projectsConfigurations.projects[project]?.metadata?.cargo?.featureFree === true,
    memo: new Map(),
  };
}

/** The groups, wave by wave, each split where features demand; once a stop came, each task left is skipped. */
async function* runWaves(waves: TaskGroup[][], features: FeatureGroupContext, groupContext: GroupContext): AsyncGenerator<TaskReply> {
  let stoppedBy: string | undefined;
  for (const wave of waves) {
    for (const planned of wave) {
      stoppedBy ??= receivedStopSignal();
      const groups = stoppedBy ? [planned] : await featureSplit(planned, features);
      for (const [i, group] of groups.entries()) {
        if (i > 0) stoppedBy ??= receivedStopSignal();
        if (stoppedBy) {
          yield* stoppedReplies(group, stoppedBy);
          continue;
        }
        const outcome = await runGroup(group, groupContext);
        stoppedBy ??= outcome.stoppedBy;
        yield* groupReplies(outcome);
      }
    }
  }
}

/** Crates that cargo would resolve differently together than alone get cargo calls of their own. */
async function featureSplit(planned: TaskGroup, features: FeatureGroupContext): Promise<TaskGroup[]> {
  const split = await featureSafeGroups(planned, features);
  if (split.note) process.stdout.write(`${split.note}\n`);
  return split.groups;
}

/** A group the batch was stopped before: each task skipped. */
function* stoppedReplies(group: TaskGroup, stoppedBy: string): Generator<TaskReply> {
  for (const task of group.taskIds) {
    const terminalOutput = `not run: the batch was stopped (${stoppedBy})\n`;
    yield { task, result: { success: false, status: 'skipped', terminalOutput } };
  }
}

/** A group's results, with why each skipped task did not run printed to the batch's output (Nx does not print it). */
function* groupReplies(outcome: GroupOutcome): Generator<TaskReply> {
  for (const [task, result] of Object.entries(outcome.results)) {
    if (outcome.notRun[task]) process.stdout.write(`${task}: ${outcome.notRun[task]}\n`);
    yield { task, result };
  }
}
