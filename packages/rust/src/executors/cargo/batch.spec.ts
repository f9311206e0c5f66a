import type { ExecutorContext, TaskGraph } from '@nx/devkit';
import cargoBatch from './batch';
import type { GroupContext, GroupOutcome } from './run-group';
import type { TaskGroup } from './grouping';

jest.mock('./run-group', () => ({ runGroup: jest.fn() }));
jest.mock('../../process', () => ({ receivedStopSignal: jest.fn() }));
const { runGroup } = jest.requireMock('./run-group') as { runGroup: jest.Mock };
const { receivedStopSignal } = jest.requireMock('../../process') as { receivedStopSignal: jest.Mock };

// Crates a and b; tasks build (one group) and lint (another group), all in one wave.
const projects = ['a', 'b'];
const tasks = projects.flatMap((p) => ['build', 'lint'].map((t) => `${p}:${t}`));
const taskGraph = {
  roots: tasks,
  tasks: Object.fromEntries(tasks.map((id) => [id, { id, target: { project: id.split(':')[0], target: id.split(':')[1] }, overrides: {}, outputs: [] }])),
  dependencies: Object.fromEntries(tasks.map((id) => [id, []])),
} as unknown as TaskGraph;
const context = {
  root: '/WS',
  cwd: '/WS',
  isVerbose: false,
  projectsConfigurations: {
    version: 2,
    projects: Object.fromEntries(projects.map((p) => [p, { root: p, metadata: { cargo: { package: p, version: '0.1.0', workspaceRoot: '.', featureFree: true } } }])),
  },
  projectGraph: { nodes: {}, dependencies: {} },
} as unknown as ExecutorContext;
const inputs = Object.fromEntries(tasks.map((id) => [id, { command: id.endsWith(':build') ? 'build' : 'clippy' }])) as never;

const ok = (group: TaskGroup): GroupOutcome => ({
  results: Object.fromEntries(group.taskIds.map((t) => [t, { success: true, status: 'success', terminalOutput: '' }])),
  notRun: {},
});

async function collect() {
  const reported: Record<string, { success: boolean; status?: string; terminalOutput: string }> = {};
  for await (const { task, result } of cargoBatch(taskGraph, inputs, {}, context)) reported[task] = result;
  return reported;
}

describe('cargoBatch', () => {
  let stdout: jest.SpyInstance;
  beforeEach(() => {
    runGroup.mockReset();
    receivedStopSignal.mockReset();
    stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });
  afterEach(() => stdout.mockRestore());

  it('runs every group and prints why a skipped task did not run', async () => {
    runGroup.mockImplementation(async (group: TaskGroup) => {
      const outcome = ok(group);
      if (group.taskIds.includes('b:build')) {
        outcome.results['b:build'] = { success: false, status: 'skipped', terminalOutput: 'b: not run: a failed to compile\n' };
        outcome.notRun['b:build'] = 'not run: a failed to compile';
      }
      return outcome;
    });
    const reported = await collect();
    expect(runGroup).toHaveBeenCalledTimes(2);
    expect(reported['b:build'].status).toBe('skipped');
    expect(reported['a:lint'].status).toBe('success');
    expect(stdout).toHaveBeenCalledWith('b:build: not run: a failed to compile\n');
  });

  it('starts no other cargo once a group was interrupted: the rest is skipped', async () => {
    runGroup.mockImplementationOnce(async (group: TaskGroup) => ({
      results: Object.fromEntries(group.taskIds.map((t) => [t, { success: false, status: 'stopped', terminalOutput: '' }])),
      notRun: {},
      stoppedBy: 'SIGTERM',
    }));
    const reported = await collect();
    expect(runGroup).toHaveBeenCalledTimes(1);
    expect(Object.keys(reported).sort()).toEqual(tasks.sort());
    expect([reported['a:build'].status, reported['b:build'].status]).toEqual(['stopped', 'stopped']);
    expect(reported['a:lint']).toEqual({ success: false, status: 'skipped', terminalOutput: 'not run: the batch was stopped (SIGTERM)\n' });
    expect(reported['b:lint'].status).toBe('skipped');
  });

  it('starts no cargo after this process got a stop signal', async () => {
    runGroup.mockImplementation(async (group: TaskGroup) => ok(group));
    receivedStopSignal.mockReturnValueOnce(undefined).mockReturnValue('SIGINT');
    const reported = await collect();
    expect(runGroup).toHaveBeenCalledTimes(1);
    expect(Object.values(reported).map((r) => r.status).sort()).toEqual(['skipped', 'skipped', 'success', 'success']);
  });

  it("tells a group where the run shows a crate's errors: a task of it that compiles, of the same target if there is one", async () => {
    runGroup.mockImplementation(async (group: TaskGroup) => ok(group));
    const run = (ids: string[]) => Object.fromEntries(ids.map((id) => [id, { id, target: { project: id.split(':')[0], target: id.split(':')[1] } }]));
    const targets = { build: { options: { command: 'build' } }, lint: { options: { command: 'clippy' } }, fmt: { options: { command: 'fmt' } }, 'cargo-lock': { options: { command: 'none' } } };
    const withRun = (ids: string[]) =>
      ({
        ...context,
        taskGraph: { tasks: run(ids) },
        projectsConfigurations: { ...context.projectsConfigurations, projects: { ...context.projectsConfigurations.projects, a: { ...context.projectsConfigurations.projects.a, targets } } },
      }) as unknown as ExecutorContext;
    const taskOfRun = async (ids: string[], target: string) => {
      runGroup.mockClear();
      for await (const _ of cargoBatch(taskGraph, inputs, {}, withRun(ids)));
      return (runGroup.mock.calls[0][1] as GroupContext).taskOfRun('a', target);
    };
    expect(await taskOfRun(['a:cargo-lock', 'a:build', 'a:lint'], 'lint')).toBe('a:lint');
    expect(await taskOfRun(['a:cargo-lock', 'a:build'], 'test')).toBe('a:build');
    expect(await taskOfRun(['a:cargo-lock', 'a:fmt'], 'build')).toBeUndefined();
  });
});
