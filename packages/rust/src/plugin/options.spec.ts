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
});
