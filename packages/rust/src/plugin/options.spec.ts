import { normalizeOptions } from './options';

describe('normalizeOptions', () => {
  it('enables every target under its own name by default', () => {
    expect(normalizeOptions(undefined).map((t) => [t.kind, t.name])).toEqual([
      ['build', 'build'],
      ['check', 'check'],
      ['test', 'test'],
      ['lint', 'lint'],
      ['fmt', 'fmt'],
      ['doc', 'doc'],
      ['bench', 'bench'],
      ['run', 'run'],
      ['package', 'package'],
    ]);
  });

  it('renames, extends and switches off targets', () => {
    const targets = normalizeOptions({ build: { targetName: 'compile', parallelism: false }, bench: false });
    expect(targets.find((t) => t.kind === 'build')).toEqual({ kind: 'build', name: 'compile', extra: { parallelism: false } });
    expect(targets.some((t) => t.kind === 'bench')).toBe(false);
  });

  it('refuses two targets with one name, naming both options', () => {
    expect(() => normalizeOptions({ check: { targetName: 'build' } })).toThrow(/"build" and "check" both name their target "build"/);
  });

  it('names the atomized test target test-ci, or as ciTestTargetName says; false (or test off) turns it off', () => {
    const ci = (options?: Parameters<typeof normalizeOptions>[0]) => normalizeOptions(options).find((t) => t.kind === 'test')?.ciName;
    expect(ci(undefined)).toBe('test-ci');
    expect(ci({ ciTestTargetName: 'ci-test' })).toBe('ci-test');
    expect(ci({ ciTestTargetName: false })).toBeUndefined();
    expect(normalizeOptions({ test: false }).some((t) => t.ciName)).toBe(false);
  });

  it('refuses a ciTestTargetName another target or the lock gate has, or that is no target name', () => {
    expect(() => normalizeOptions({ ciTestTargetName: 'build' })).toThrow(/"ciTestTargetName" names its target "build", the name of option "build"'s target/);
    expect(() => normalizeOptions({ ciTestTargetName: 'cargo-lock' })).toThrow(/the name of the lock gate/);
    expect(() => normalizeOptions({ ciTestTargetName: 'a:b' })).toThrow(/must be a target name \(no ":"\) or false/);
  });
});
