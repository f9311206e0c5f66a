import { mergeTarget } from './index';

describe('mergeTarget', () => {
  const inferred = { executor: '@ms/rust:cargo', inputs: ['cargo-compiled', 'cargo-env'], outputs: ['{workspaceRoot}/dist/x'], options: { command: 'build', profile: 'dev' } };

  it('adds to the inferred inputs, outputs and dependsOn where "..." stands for them', () => {
    const merged = mergeTarget(inferred, { inputs: ['...', '{workspaceRoot}/assets/**/*', { env: 'CC' }], dependsOn: ['...', 'codegen'] });
    expect(merged.inputs).toEqual(['cargo-compiled', 'cargo-env', '{workspaceRoot}/assets/**/*', { env: 'CC' }]);
    expect(merged.dependsOn).toEqual(['codegen']);
    expect(merged.outputs).toEqual(inferred.outputs);
  });

  it('replaces a list given without "...", and merges options one level deep', () => {
    const merged = mergeTarget(inferred, { inputs: ['{projectRoot}/**/*'], options: { features: ['x'] } });
    expect(merged.inputs).toEqual(['{projectRoot}/**/*']);
    expect(merged.options).toEqual({ command: 'build', profile: 'dev', features: ['x'] });
  });

  it('merges a configuration into the inferred one of the same name, keeping its profile', () => {
    const withRelease = { ...inferred, configurations: { release: { profile: 'release' }, dist: { profile: 'dist' } } };
    const merged = mergeTarget(withRelease, { configurations: { release: { features: ['simd'] }, fast: { profile: 'fast' } } });
    expect(merged.configurations).toEqual({ release: { profile: 'release', features: ['simd'] }, dist: { profile: 'dist' }, fast: { profile: 'fast' } });
  });
});
