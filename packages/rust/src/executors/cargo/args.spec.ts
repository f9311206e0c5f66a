import { cargoArgs, featureList } from './args';

const one = { packages: ['a@0.1.0'], messageFormat: 'human' as const, keepGoing: false };

describe('cargoArgs', () => {
  it('turns options into one argument array, profile first, pass-through arguments last', () => {
    expect(
      cargoArgs(
        {
          command: 'clippy',
          profile: 'release',
          features: 'x, y',
          noDefaultFeatures: true,
          target: 'wasm32-unknown-unknown',
          locked: true,
          offline: true,
          args: ['--all-targets'],
          toolArgs: ['-D', 'warnings'],
        },
        one,
      ),
    ).toEqual(['clippy', '-p', 'a@0.1.0', '--release', '--features', 'x,y', '--no-default-features', '--target', 'wasm32-unknown-unknown', '--locked', '--offline', '--all-targets', '--', '-D', 'warnings']);
  });

  it('names custom profiles, leaves dev implicit, and gives every crate of a batch its -p', () => {
    expect(cargoArgs({ command: 'build', profile: 'dev' }, { ...one, packages: ['a@1.0.0', 'b@2.0.0'] })).toEqual(['build', '-p', 'a@1.0.0', '-p', 'b@2.0.0']);
    expect(cargoArgs({ command: 'build', profile: 'maxperf', allFeatures: true, frozen: true }, one)).toEqual(['build', '-p', 'a@0.1.0', '--profile', 'maxperf', '--all-features', '--frozen']);
  });

  it('keeps going past a failing crate in batches: --keep-going to compile, --no-fail-fast to test', () => {
    const batch = { ...one, keepGoing: true, messageFormat: 'json' as const };
    expect(cargoArgs({ command: 'build' }, batch)).toEqual(['build', '-p', 'a@0.1.0', '--message-format=json', '--keep-going']);
    expect(cargoArgs({ command: 'test', toolArgs: ['--nocapture'] }, batch)).toEqual(['test', '-p', 'a@0.1.0', '--message-format=json', '--no-fail-fast', '--', '--nocapture']);
    expect(cargoArgs({ command: 'test', toolArgs: ['--nocapture'] }, { ...batch, compileTestsOnly: true })).toEqual(['build', '--tests', '-p', 'a@0.1.0', '--message-format=json', '--keep-going']);
  });

  it('gives cargo fmt only what it understands', () => {
    expect(cargoArgs({ command: 'fmt', profile: 'release', features: ['x'], args: ['--check'] }, { ...one, packages: ['a'], color: true, keepGoing: true, messageFormat: 'json' })).toEqual(['fmt', '-p', 'a', '--check']);
  });

  it('reads features as a list or a separated string, without duplicates', () => {
    expect(featureList('b,a  c')).toEqual(['a', 'b', 'c']);
    expect(featureList(['x', 'x'])).toEqual(['x']);
    expect(featureList(undefined)).toEqual([]);
  });

  it("test: selects the task's test binary alone, or the batch call's selection; the test-target compile selects none", () => {
    expect(cargoArgs({ command: 'test', testTarget: 'test:api' }, one)).toEqual(['test', '-p', 'a@0.1.0', '--test', 'api']);
    expect(cargoArgs({ command: 'test', testTarget: 'doc' }, { ...one, selection: ['--lib', '--test', 'api'] })).toEqual(['test', '-p', 'a@0.1.0', '--lib', '--test', 'api']);
    expect(cargoArgs({ command: 'test', testTarget: 'doc' }, { ...one, selection: [] })).toEqual(['test', '-p', 'a@0.1.0']);
    expect(cargoArgs({ command: 'test', testTarget: 'lib' }, { ...one, compileTestsOnly: true })).toEqual(['build', '--tests', '-p', 'a@0.1.0']);
  });
});
