import type { ExecutorContext, TaskGraph } from '@nx/devkit';
import { crateOf, type CrateInfo } from './crate';
import { featureSafeGroups, type FeatureGroupContext } from './feature-groups';
import { planGroups } from './grouping';
import { resolveOptions, type BatchTaskResult, type CargoExecutorOptions } from './options';
import { runGroup, type GroupContext } from './run-group';
import { join } from 'node:path';
import { receivedStopSignal } from '../../process';
import { LOCK_GATE_COMMAND } from '../../plugin/lock-gate';

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
 * with the crate's errors in its own output (run-group.ts). While cargo runs, its status lines go
 * to the batch's output as they come (live-output.ts). Once
 * a stop signal arrives (Ctrl-C, Nx stopping its tasks), no further cargo starts: the interrupted
 * group's tasks are `stopped`, the rest `skipped`, and Nx caches none of them.
 */
export default async function* cargoBatch(
  taskGraph: TaskGraph,
  inputs: Record<string, CargoExecutorOptions>,
  _overrides: unknown,
  context: ExecutorContext,
): AsyncGenerator<{ task: string; result: BatchTaskResult }> {
  const reported = new Set<string>();
  try {
    const crates = new Map<string, CrateInfo>();
    const crateOfTask = (taskId: string) => {
      let crate = crates.get(taskId);
      if (!crate) {
        crate = crateOf(context, taskGraph.tasks[taskId].target.project);
        crates.set(taskId, crate);
      }
      return crate;
    };
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
    let stoppedBy: string | undefined;
    const features: FeatureGroupContext = {
      crateOf: crateOfTask,
      dependenciesOf: groupContext.dependenciesOf,
      featureFree: (project) => context.projectsConfigurations.projects[project]?.metadata?.cargo?.featureFree === true,
      memo: new Map(),
    };
    for (const wave of planGroups(runnable, (id) => options[id], (id) => crateOfTask(id).workspaceRoot)) {
      for (const planned of wave) {
        stoppedBy ??= receivedStopSignal();
        let groups = [planned];
        if (!stoppedBy) {
          // Crates that cargo would resolve differently together than alone get cargo calls of their own.
          const split = await featureSafeGroups(planned, features);
          if (split.note) process.stdout.write(`${split.note}\n`);
          groups = split.groups;
        }
        for (const [i, group] of groups.entries()) {
          if (i > 0) stoppedBy ??= receivedStopSignal();
          if (stoppedBy) {
            for (const task of group.taskIds) {
              reported.add(task);
              const terminalOutput = `not run: the batch was stopped (${stoppedBy})\n`;
              yield { task, result: { success: false, status: 'skipped', terminalOutput } };
            }
            continue;
          }
          const outcome = await runGroup(group, groupContext);
          stoppedBy ??= outcome.stoppedBy;
          for (const [task, result] of Object.entries(outcome.results)) {
            reported.add(task);
            if (outcome.notRun[task]) process.stdout.write(`${task}: ${outcome.notRun[task]}\n`);
            yield { task, result };
          }
        }
      }
    }
  } catch (e) {
    const message = `${(e as Error).message ?? e}\n`;
    for (const task of Object.keys(taskGraph.tasks)) {
      if (!reported.has(task)) yield { task, result: { success: false, status: 'failure', terminalOutput: message } };
    }
  }
}

/** What groups need to know of the project graph: who depends on whom, and which crate a manifest is. */
function graphContext(context: ExecutorContext, crateOf: (taskId: string) => CrateInfo): GroupContext {
  const graph = context.projectGraph;
  const byManifest = new Map(
    Object.entries(context.projectsConfigurations.projects).map(([name, p]) => [join(context.root, p.root, 'Cargo.toml'), name] as const),
  );
  return {
    crateOf,
    nxRoot: context.root,
    projectOfManifest: (manifest) => byManifest.get(manifest),
    taskOfRun: (project, target) => {
      // Nx hands a batch the whole run's task graph in its context. Only a task that compiles the
      // crate shows its errors (not its lock gate, not fmt).
      const targets = context.projectsConfigurations.projects[project]?.targets ?? {};
      const compiles = (t: string) => !['none', 'fmt', undefined].includes(targets[t]?.options?.command);
      const tasks = Object.values(context.taskGraph?.tasks ?? {}).filter((t) => t.target.project === project && compiles(t.target.target));
      return (tasks.find((t) => t.target.target === target) ?? tasks[0])?.id;
    },
    dependenciesOf: (crate) => {
      const seen = new Set<string>();
      const queue = [crate.project];
      while (queue.length) {
        for (const dep of graph?.dependencies[queue.pop()!] ?? []) {
          if (graph.nodes[dep.target] && !seen.has(dep.target)) {
            seen.add(dep.target);
            queue.push(dep.target);
          }
        }
      }
      return seen;
    },
  };
}
