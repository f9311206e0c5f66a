import type { TargetConfiguration } from '@nx/devkit';
import { atomizedNames, testCiGroup, testCiTargets } from './test-ci';

const test: TargetConfiguration = {
  executor: '@ms/rust:cargo',
  options: { command: 'test', profile: 'dev', features: ['fast'] },
  outputs: [],
  cache: true,
  inputs: ['cargo-test-inputs', '^cargo-compiled'],
  dependsOn: ['cargo-lock'],
  metadata: { description: 'Run unit, integration and doc tests', help: { command: 'cargo test --help', example: {} } },
  configurations: { release: { profile: 'release' } },
};

describe('atomizedNames', () => {
  it('names each unit after the CI target: --lib, --doc, --examples, --<test>, --bin-<name>, --bench-<name>', () => {
    expect([...atomizedNames('test-ci', ['lib', 'bin:cli', 'test:api', 'bench:speed', 'examples', 'doc']).values()]).toEqual([
      'test-ci--lib',
      'test-ci--bin-cli',
      'test-ci--api',
      'test-ci--bench-speed',
      'test-ci--examples',
      'test-ci--doc',
    ]);
  });

  it('never gives two units one name: an integration test named like another unit takes test- in front', () => {
    const names = atomizedNames('ci', ['lib', 'bin:cli', 'test:doc', 'test:bin-cli', 'test:test-doc', 'test:lib', 'doc']);
    expect(Object.fromEntries(names)).toEqual({
      lib: 'ci--lib',
      'bin:cli': 'ci--bin-cli',
      'test:doc': 'ci--test-doc',
      'test:bin-cli': 'ci--test-bin-cli',
      'test:test-doc': 'ci--test-test-doc',
      'test:lib': 'ci--test-lib',
      doc: 'ci--doc',
    });
    expect(new Set(names.values()).size).toBe(names.size);
  });
});

describe('testCiTargets', () => {
  const targets = testCiTargets('test-ci', 'test', test, ['lib', 'test:api', 'doc']);

  it('copies test for each unit (options, profile configurations, lock gate, cache), selecting that unit', () => {
    expect(targets['test-ci--api']).toEqual({
      ...test,
      options: { command: 'test', profile: 'dev', features: ['fast'], testTarget: 'test:api' },
      metadata: { description: 'Run the integration test api' },
    });
  });

  it('hashes for the library, binaries and doc tests what test does but the Rust files of tests/, benches/, examples/', () => {
    expect(targets['test-ci--lib'].inputs).toEqual(['cargo-test-unit-inputs', '^cargo-compiled']);
    expect(targets['test-ci--doc'].inputs).toEqual(['cargo-test-unit-inputs', '^cargo-compiled']);
    expect(targets['test-ci--api'].inputs).toEqual(test.inputs);
    // Should nx.json's targetDefaults set test's inputs, the atomized targets still hash what test would.
    const bare = testCiTargets('test-ci', 'test', { ...test, inputs: undefined }, ['lib', 'test:api']);
    expect([bare['test-ci--lib'].inputs, bare['test-ci--api'].inputs]).toEqual([
      ['cargo-test-unit-inputs', '^cargo-compiled'],
      ['cargo-test-inputs', '^cargo-compiled'],
    ]);
  });

  it('makes the CI target a no-op depending on every unit (one glob), forwarding arguments, atomizing test; and their target group', () => {
    expect(targets['test-ci']).toEqual({
      executor: 'nx:noop',
      dependsOn: [{ target: 'test-ci--*', params: 'forward' }],
      metadata: { description: expect.stringMatching(/test/), nonAtomizedTarget: 'test' },
    });
    expect(testCiGroup('test-ci', targets)).toEqual({ 'test-ci': ['test-ci', 'test-ci--lib', 'test-ci--api', 'test-ci--doc'] });
    expect(testCiGroup('test-ci', {})).toBeUndefined();
  });
});
