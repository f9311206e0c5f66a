import type { TaskGraph } from '@nx/devkit';
import type { TestUnit } from '../../cargo/test-units';
import { featureList } from './args';
import { profileOf, type CargoExecutorOptions } from './options';

/** Tasks that one cargo invocation runs together. */
export interface TaskGroup {
  key: string;
  options: CargoExecutorOptions;
  /** Folder cargo runs in: the Cargo workspace root of every task of the group. */
  cwd: string;
  taskIds: string[];
  /** test: the `testTarget` of each atomized task (by task id); cargo calls share no other option. */
  testTargets?: Record<string, TestUnit>;
}

/** The test binary each task of the group asks for (`group.taskIds` order): undefined for a whole `test` task. */
export const taskUnits = (group: TaskGroup): (TestUnit | undefined)[] => group.taskIds.map((id) => group.testTargets?.[id]);

/**
 * Splits a batch into cargo invocations, in an order that respects the task graph: each wave
 * holds the tasks whose dependencies have all run, and within a wave, tasks that can share a
 * cargo call (same command, profile, triple, features and flags, same Cargo workspace) form one
 * group. `run` tasks each start their own program and are never grouped.
 */
export function planGroups(
  taskGraph: { tasks: TaskGraph['tasks']; dependencies: Record<string, ReadonlyArray<string | { id: string }>> },
  optionsOf: (taskId: string) => CargoExecutorOptions,
  cwdOf: (taskId: string) => string,
): TaskGroup[][] {
  const pending = new Set(Object.keys(taskGraph.tasks));
  const waves: TaskGroup[][] = [];
  while (pending.size) {
    // Nx 24 gives edges ({ id }), Nx 22–23 plain task ids.
    const ready = [...pending].filter((id) =>
      (taskGraph.dependencies[id] ?? []).every((dep) => !pending.has(typeof dep === 'string' ? dep : dep.id)),
    );
    // A cycle cannot come from Nx; if it did, running the rest together beats hanging.
    const wave = ready.length ? ready : [...pending];
    const groups = new Map<string, TaskGroup>();
    for (const id of wave.sort()) {
      const options = optionsOf(id);
      const cwd = cwdOf(id);
      const key = groupKey(options, cwd, id);
      const group = groups.get(key) ?? { key, options, cwd, taskIds: [] as string[] } as TaskGroup;
      group.taskIds.push(id);
      // Checked by the options' validation: one of the TestUnit forms.
      if (options.testTarget) (group.testTargets ??= {})[id] = options.testTarget as TestUnit;
      groups.set(key, group);
      pending.delete(id);
    }
    waves.push([...groups.values()]);
  }
  return waves;
}

function groupKey(options: CargoExecutorOptions, cwd: string, taskId: string): string {
  return JSON.stringify([
    options.command,
    options.command === 'run' ? taskId : '',
    cwd,
    profileOf(options),
    options.target ?? '',
    featureList(options.features),
    !!options.allFeatures,
    !!options.noDefaultFeatures,
    !!options.locked,
    !!options.frozen,
    !!options.offline,
    options.args ?? [],
    options.toolArgs ?? [],
    Object.entries(options.env ?? {}).sort(),
  ]);
}
