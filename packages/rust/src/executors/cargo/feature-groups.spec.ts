import type { CrateInfo } from './crate';
import { featureSafeGroups, treeArgs, type FeatureGroupContext, type WorkspaceResolving } from './feature-groups';
import type { TaskGroup } from './grouping';

jest.mock('../../process', () => ({ runProcess: jest.fn(), receivedStopSignal: jest.fn() }));
const { runProcess, receivedStopSignal } = jest.requireMock('../../process') as { runProcess: jest.Mock; receivedStopSignal: jest.Mock };

const crate = (name: string, featureFree = false): CrateInfo => ({
  project: name,
  name,
  version: '0.1.0',
  workspaceRoot: '/ws',
  manifestPath: `/ws/${name}/Cargo.toml`,
  featureFree,
});

/** What `cargo tree` prints for each selection (the `-p` specs it was given, joined). */
function cargoTree(trees: Record<string, string | null>) {
  runProcess.mockImplementation(async (_cmd: string, argv: string[], options: { onLine: (l: string) => void }) => {
    const selection = argv.filter((_, i) => argv[i - 1] === '-p').join(' ');
    const tree = trees[selection];
    if (tree === undefined) throw new Error(`unexpected cargo tree for ${selection}`);
    if (tree === null) return { exitCode: 101, stdout: '' };
    for (const line of tree.split('\n')) options.onLine(line);
    return { exitCode: 0, stdout: '' };
  });
}

function context(crates: CrateInfo[], deps: Record<string, string[]> = {}): FeatureGroupContext {
  const byTask = new Map(crates.map((c) => [`${c.project}:build`, c]));
  return {
    crateOf: (id) => byTask.get(id)!,
    dependenciesOf: (c) => new Set(deps[c.project] ?? []),
    featureFree: (p) => crates.find((c) => c.project === p)?.featureFree ?? false,
    memo: new Map(),
  };
}

const group = (names: string[], command: TaskGroup['options']['command'] = 'build'): TaskGroup => ({
  key: 'k',
  options: { command },
  cwd: '/nonexistent-cargo-workspace',
  taskIds: names.map((n) => `${n}:build`),
});

describe('featureSafeGroups', () => {
  beforeEach(() => {
    runProcess.mockReset();
    receivedStopSignal.mockReset();
  });

  it('asks cargo nothing when every crate and everything it depends on is feature-free', async () => {
    const ctx = context([crate('a', true), crate('b', true), crate('c', true)], { b: ['a'] });
    expect((await featureSafeGroups(group(['a', 'b']), ctx)).groups).toEqual([group(['a', 'b'])]);
    expect(runProcess).not.toHaveBeenCalled();
  });

  it('keeps the group when the whole selection resolves no feature', async () => {
    cargoTree({ 'a@0.1.0 b@0.1.0': 'a v0.1.0 (/ws/a)|\nb v0.1.0 (/ws/b)|\n' });
    const split = await featureSafeGroups(group(['a', 'b']), context([crate('a'), crate('b')]));
    expect(split).toEqual({ groups: [group(['a', 'b'])] });
    expect(runProcess).toHaveBeenCalledTimes(1);
  });

  it('splits off the crate that resolves a shared package with other features, and says why', async () => {
    cargoTree({
      'app@0.1.0 other@0.1.0 solo@0.1.0': 'app v0.1.0 (/ws/app)|\nbase v0.1.0 (/ws/base)|loud\nother v0.1.0 (/ws/other)|\nsolo v0.1.0 (/ws/solo)|\n',
      'app@0.1.0': 'app v0.1.0 (/ws/app)|\nbase v0.1.0 (/ws/base)|\n',
      'other@0.1.0': 'other v0.1.0 (/ws/other)|\nbase v0.1.0 (/ws/base)|loud\n',
      'solo@0.1.0': 'solo v0.1.0 (/ws/solo)|\n',
    });
    const split = await featureSafeGroups(group(['app', 'other', 'solo']), context([crate('app'), crate('other'), crate('solo')]));
    expect(split.groups.map((g) => g.taskIds)).toEqual([['app:build', 'solo:build'], ['other:build']]);
    expect(new Set(split.groups.map((g) => g.key)).size).toBe(2);
    expect(split.note).toContain('cargo build: 2 cargo calls instead of one');
    expect(split.note).toContain('base v0.1.0');
  });

  it('runs each crate alone when cargo cannot resolve the selection', async () => {
    cargoTree({ 'a@0.1.0 b@0.1.0': null });
    const split = await featureSafeGroups(group(['a', 'b']), context([crate('a'), crate('b')]));
    expect(split.groups.map((g) => g.taskIds)).toEqual([['a:build'], ['b:build']]);
    expect(split.note).toContain('cargo tree could not resolve');
  });

  it('leaves fmt groups and single tasks alone', async () => {
    expect((await featureSafeGroups(group(['a', 'b'], 'fmt'), context([crate('a'), crate('b')]))).groups).toHaveLength(1);
    expect((await featureSafeGroups(group(['a']), context([crate('a')]))).groups).toHaveLength(1);
    expect(runProcess).not.toHaveBeenCalled();
  });

  it('asks cargo no more, and splits nothing, once a stop signal came', async () => {
    cargoTree({ 'a@0.1.0 b@0.1.0': 'a v0.1.0 (/ws/a)|\np v0.1.0 (/ws/p)|x\nb v0.1.0 (/ws/b)|\n' });
    receivedStopSignal.mockReturnValue('SIGINT');
    const split = await featureSafeGroups(group(['a', 'b']), context([crate('a'), crate('b')]));
    expect(split).toEqual({ groups: [group(['a', 'b'])] });
    expect(runProcess).toHaveBeenCalledTimes(1);
  });

  it('runs each crate alone when its arguments hold one that may change the resolution but is not known', async () => {
    const unknown = { ...group(['a', 'b']), options: { command: 'build' as const, args: ['--workspace'] } };
    const split = await featureSafeGroups(unknown, context([crate('a'), crate('b')]));
    expect(split.groups.map((g) => g.taskIds)).toEqual([['a:build'], ['b:build']]);
    expect(runProcess).not.toHaveBeenCalled();
  });
});

describe('treeArgs', () => {
  const r2: WorkspaceResolving = { resolver: '2', testProfile: (p) => p === 'test' || p === 'ci-test' };
  const r1: WorkspaceResolving = { ...r2, resolver: '1' };
  const head = ['tree', '-e', 'features,no-dev', '--prefix', 'indent', '--charset', 'ascii', '-f', '{p}|{f}', '--color', 'never', '-p', 'a@0.1.0'];

  it('resolves as the cargo call would: the same features, triple and lock flags', () => {
    expect(treeArgs({ command: 'build', features: ['x', 'y'], target: 'aarch64-unknown-linux-gnu', locked: true }, ['a@0.1.0'], r2)).toEqual([
      ...head, '--features', 'x,y', '--target', 'aarch64-unknown-linux-gnu', '--locked',
    ]);
    expect(treeArgs({ command: 'doc', args: ['--no-deps'], noDefaultFeatures: true }, ['a@0.1.0'], r2)).toContain('--no-default-features');
  });

  it('takes dev-dependencies for tests, --all-targets, check in test mode, and always under resolver 1', () => {
    const edges = (options: Parameters<typeof treeArgs>[0], ws = r2) => treeArgs(options, ['a@0.1.0'], ws)![2];
    expect(edges({ command: 'build' })).toBe('features,no-dev');
    expect(edges({ command: 'test' })).toBe('features');
    expect(edges({ command: 'clippy', args: ['--all-targets'] })).toBe('features');
    expect(edges({ command: 'check', profile: 'test' })).toBe('features');
    expect(edges({ command: 'clippy', args: ['--profile=ci-test'] })).toBe('features');
    expect(edges({ command: 'build', profile: 'test' })).toBe('features,no-dev');
    expect(edges({ command: 'build' }, r1)).toBe('features');
  });

  it('passes on the arguments that change the resolution, and gives up on unknown ones', () => {
    expect(treeArgs({ command: 'build', args: ['--config', 'build.rustflags=["--cfg","foo"]', '--target=wasm32-unknown-unknown', '-F', 'x', '--release'] }, ['a@0.1.0'], r2)).toEqual([
      ...head, '--config', 'build.rustflags=["--cfg","foo"]', '--target', 'wasm32-unknown-unknown', '-F', 'x',
    ]);
    expect(treeArgs({ command: 'build', args: ['--workspace'] }, ['a@0.1.0'], r2)).toBeUndefined();
    expect(treeArgs({ command: 'build', args: ['--target'] }, ['a@0.1.0'], r2)).toBeUndefined();
    expect(treeArgs({ command: 'test', args: ['--', '--weird'] }, ['a@0.1.0'], r2)).toBeDefined();
  });
});
