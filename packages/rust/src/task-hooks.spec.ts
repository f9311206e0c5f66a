/**
 * The metrics report's code (most of it @nx/devkit) is loaded before the tasks run, once
 * preTasksExecution has answered, so that loading it does not add to the end of every command.
 */
describe('preTasksExecution', () => {
  const context = { id: 'run', workspaceRoot: '/nowhere', nxJsonConfiguration: {}, argv: [] };
  const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
  afterEach(() => jest.resetModules());

  const loadsOfHook = () => {
    const loads: string[] = [];
    jest.doMock('./metrics/hook', () => {
      loads.push('metrics/hook');
      return { postTasksExecution: jest.fn() };
    });
    return loads;
  };

  it('loads the metrics hook after it has answered, and changes nothing', async () => {
    const loads = loadsOfHook();
    const plugin = (await import('./index')) as typeof import('./index');
    expect(plugin.preTasksExecution!(undefined, context)).toBeUndefined();
    expect(loads).toEqual([]);
    await nextTurn();
    expect(loads).toEqual(['metrics/hook']);
    // The report after the tasks uses what was loaded.
    await plugin.postTasksExecution!(undefined, { ...context, taskResults: {}, startTime: 0, endTime: 0 });
    expect(loads).toEqual(['metrics/hook']);
  });

  it('loads nothing when metrics are off', async () => {
    const loads = loadsOfHook();
    const plugin = (await import('./index')) as typeof import('./index');
    plugin.preTasksExecution!({ metrics: false }, context);
    await nextTurn();
    expect(loads).toEqual([]);
  });

  it('survives a hook that fails to load: the report says so later', async () => {
    jest.doMock('./metrics/hook', () => {
      throw new Error('broken');
    });
    const plugin = (await import('./index')) as typeof import('./index');
    plugin.preTasksExecution!(undefined, context);
    await nextTurn();
    await expect(async () => plugin.postTasksExecution!(undefined, { ...context, taskResults: {}, startTime: 0, endTime: 0 })).rejects.toThrow('broken');
  });
});
