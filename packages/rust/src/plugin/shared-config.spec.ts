import type { ProjectConfiguration } from '@nx/devkit';
import { modelOf, pkg } from '../testing/memory-workspace';
import { nodesFromModel } from './create-nodes';
import { normalizeOptions } from './options';
import { nxJsonSharedConfig, readNxJsonShared } from './shared-config';

const model = modelOf({
  'Cargo.toml': '[workspace]\nmembers = ["a"]\n',
  'a/Cargo.toml': pkg('a'),
  'a/src/lib.rs': '',
  // A listed Cargo.lock: one git ignores would need hashing by each crate (see unseen-files.ts).
  'Cargo.lock': 'version = 4\n',
});

function projectWith(nxJson: Parameters<typeof readNxJsonShared>[0]): ProjectConfiguration {
  const [[, result]] = nodesFromModel(model, normalizeOptions(undefined), readNxJsonShared(nxJson));
  return Object.values(result.projects!)[0] as ProjectConfiguration;
}

describe('configuration shared through nx.json', () => {
  it('is repeated in every project when nx.json does not provide it', () => {
    const project = projectWith({});
    expect(Object.keys(project.namedInputs!).sort()).toEqual(['cargo-all-targets', 'cargo-compiled', 'cargo-env', 'cargo-reads', 'cargo-sources', 'cargo-workspace']);
    expect(project.targets!.build).toMatchObject({ cache: true, inputs: expect.any(Array), metadata: { description: 'Compile the crate' } });
  });

  it('is left out of projects once nx.json holds what nx add writes there', () => {
    const project = projectWith(nxJsonSharedConfig(normalizeOptions(undefined)));
    expect(project.namedInputs).toEqual({});
    // build's inputs name its own closure, so they stay in the project.
    expect(project.targets!.build).toEqual({
      executor: '@ms/rust:cargo',
      options: { command: 'build', profile: 'dev' },
      outputs: ['{workspaceRoot}/dist/target/{options.profile}/a'],
      configurations: { release: { profile: 'release' } },
      inputs: ['cargo-compiled', 'cargo-workspace', 'cargo-env', { externalDependencies: [] }, { dependentTasksOutputFiles: 'dist/.cargo-lock/**' }],
    });
    expect(project.targets!.test).toEqual({
      executor: '@ms/rust:cargo',
      options: { command: 'test', profile: 'dev' },
      outputs: [],
      configurations: { release: { profile: 'release' } },
    });
  });

  it('only trusts targetDefaults entries filtered to this plugin, field by field', () => {
    const project = projectWith({
      targetDefaults: {
        build: { cache: false, inputs: ['production'] },
        test: [{ filter: { plugin: '@nx/js' }, inputs: ['x'] }],
        lint: [{ filter: { plugin: '@ms/rust' }, cache: true }],
      },
    });
    expect(project.targets!.build.inputs).toContain('cargo-compiled');
    expect(project.targets!.test.inputs).toContain('^cargo-compiled');
    expect(project.targets!.lint.cache).toBeUndefined();
    expect(project.targets!.lint.inputs).toContain('^cargo-compiled');
    expect(project.targets!.lint.dependsOn).toEqual(['cargo-lock']);
  });

  it('writes one filtered targetDefaults entry per enabled target, under its configured name', () => {
    const config = nxJsonSharedConfig(normalizeOptions({ build: { targetName: 'compile' }, bench: false }));
    expect(Object.keys(config.targetDefaults!).sort()).toEqual(['check', 'compile', 'doc', 'fmt', 'lint', 'package', 'run', 'test']);
    expect(config.targetDefaults!.compile).toEqual([
      expect.objectContaining({ filter: { plugin: '@ms/rust' }, cache: true, metadata: expect.objectContaining({ description: 'Compile the crate' }) }),
    ]);
    expect(config.targetDefaults!.run).toEqual([expect.objectContaining({ cache: false })]);
  });
});
