import type { Task } from '@nx/devkit';
import { planGroups } from './grouping';
import type { CargoExecutorOptions } from './options';

const task = (id: string): Task => ({ id, target: { project: id.split(':')[0], target: id.split(':')[1] } }) as Task;

function plan(options: Record<string, CargoExecutorOptions>, dependencies: Record<string, string[]> = {}, cwd: Record<string, string> = {}) {
  const tasks = Object.fromEntries(Object.keys(options).map((id) => [id, task(id)]));
  return planGroups({ tasks, dependencies }, (id) => options[id], (id) => cwd[id] ?? '/ws').map((wave) => wave.map((g) => g.taskIds));
}

describe('planGroups', () => {
  it('puts tasks that can share a cargo call in one group, and the others apart', () => {
    expect(
      plan({
        'a:build': { command: 'build', profile: 'dev' },
        'b:build': { command: 'build', profile: 'dev' },
        'c:build': { command: 'build', profile: 'release' },
        'a:test': { command: 'test' },
        'b:test': { command: 'test', features: ['x'] },
        'c:test': { command: 'test', features: 'x' },
      }),
    ).toEqual([[['a:build', 'b:build'], ['a:test'], ['b:test', 'c:test'], ['c:build']]]);
  });

  it('never groups run tasks, nor crates of different Cargo workspaces', () => {
    expect(plan({ 'a:run': { command: 'run' }, 'b:run': { command: 'run' } })).toEqual([[['a:run'], ['b:run']]]);
    expect(plan({ 'a:build': { command: 'build' }, 'b:build': { command: 'build' } }, {}, { 'b:build': '/ws/fuzz' })).toEqual([[['a:build'], ['b:build']]]);
  });

  it('runs a task only after the tasks it depends on (Nx 24 edges or plain ids)', () => {
    const options = { 'a:build': { command: 'build' as const }, 'a:test': { command: 'test' as const }, 'b:build': { command: 'build' as const } };
    expect(plan(options, { 'a:test': ['a:build'] })).toEqual([[['a:build', 'b:build']], [['a:test']]]);
    const tasks = Object.fromEntries(Object.keys(options).map((id) => [id, task(id)]));
    const edges = planGroups({ tasks, dependencies: { 'a:test': [{ id: 'a:build' }] } }, (id) => options[id as keyof typeof options], () => '/ws');
    expect(edges.map((w) => w.map((g) => g.taskIds))).toEqual([[['a:build', 'b:build']], [['a:test']]]);
  });
});
