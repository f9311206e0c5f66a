import type { CrateInfo } from './crate';
import { featureSafeGroups, type FeatureGroupContext } from './feature-groups';
import type { TaskGroup } from './grouping';

jest.mock('../../process', () => ({ runProcess: jest.fn() }));
const { runProcess } = jest.requireMock('../../process') as { runProcess: jest.Mock };

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
  beforeEach(() => runProcess.mockReset());

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
});
