import { cargoView, describeFixture, modelView, problemLines } from '../testing/cargo-metadata';
import { fileListFs } from './fs';
import { loadCargoModel } from './load';
import type { CargoModel, Crate, Dependency } from './types';

const crate = (model: CargoModel, root: string): Crate => {
  const found = model.crates.find((c) => c.root === root);
  if (!found) throw new Error(`no crate at ${root}; problems: ${problemLines(model).join('\n')}`);
  return found;
};

const dep = (c: Crate, name: string, kind: Dependency['kind'] = 'normal', target?: string): Dependency => {
  const found = c.dependencies.find((d) => d.name === name && d.kind === kind && d.target === target);
  if (!found) throw new Error(`${c.name} has no ${kind} dependency ${name}${target ? ` for ${target}` : ''}`);
  return found;
};

/** A model over in-memory manifests (no disk), for cases cargo refuses. */
function modelOf(files: Record<string, string>): CargoModel {
  const all = Object.keys(files);
  return loadCargoModel(
    all.filter((f) => f.endsWith('Cargo.toml')),
    { fs: fileListFs(all, (f) => files[f]) },
  );
}

describeFixture('inheritance', ({ model, cargo }) => {
  it('matches cargo metadata: inherited package fields and dependencies', () => {
    expect(modelView(model(), '')).toEqual(cargoView(cargo(), cargo().metadata()));
  });

  it('takes `x.workspace = true` package fields from [workspace.package]', () => {
    const app = crate(model(), 'crates/app');
    expect(app).toMatchObject({
      version: '1.2.3',
      edition: '2021',
      description: 'Shared description',
      license: 'MIT OR Apache-2.0',
      publish: false,
      rustVersion: '1.70',
      workspaceRoot: '',
    });
    // Fields written in the member win; those neither written nor inherited take cargo's defaults.
    expect(crate(model(), 'crates/override')).toMatchObject({ version: '0.9.0', edition: '2021', publish: true, description: 'Not the shared one' });
    expect(crate(model(), 'crates/helpers')).toMatchObject({ version: '0.1.0', edition: '2018', publish: true });
    expect(crate(model(), 'crates/helpers').description).toBeUndefined();
  });

  it('merges inherited dependencies: workspace path (relative to the root), features, optional, rename', () => {
    const app = crate(model(), 'crates/app');
    expect(dep(app, 'base')).toMatchObject({
      package: 'base',
      path: 'crates/base',
      inherited: true,
      features: ['std', 'extra'],
      defaultFeatures: false,
      optional: false,
    });
    expect(dep(app, 'helpers')).toMatchObject({ path: 'crates/helpers', optional: true, inherited: true });
    expect(dep(app, 'helpers', 'build')).toMatchObject({ optional: false, inherited: true });
    expect(dep(app, 'base-alias', 'dev')).toMatchObject({ package: 'base', path: 'crates/base' });
    expect(dep(app, 'base-alias', 'normal', 'cfg(unix)')).toMatchObject({ package: 'base', features: ['extra'] });
  });

  it('notes [workspace.lints]', () => {
    expect(model().workspaces.map((w) => `${w.root || '.'} ${w.hasLints}`)).toEqual(['. true']);
  });

  it('makes a member of a path dependency inherited from [workspace.dependencies]', () => {
    const ws = model().workspaces.find((w) => w.root === '')!;
    expect([...ws.members].sort()).toEqual(['crates/app', 'crates/base', 'crates/helpers', 'crates/override', 'shared/util']);
    expect(dep(crate(model(), 'crates/override'), 'util', 'dev')).toMatchObject({ path: 'shared/util', inherited: true });
    expect(crate(model(), 'shared/util').version).toBe('1.2.3');
  });

  it('lets a member turn default features back on for an inherited dependency', () => {
    expect(dep(crate(model(), 'crates/override'), 'base').defaultFeatures).toBe(true);
  });

  it('reports no problem', () => {
    expect(problemLines(model())).toEqual([]);
  });
});

describeFixture('dependencies', ({ model, cargo }) => {
  it('matches cargo metadata: renames, kinds, target tables, optional deps and their features', () => {
    expect(modelView(model(), '')).toEqual(cargoView(cargo(), cargo().metadata()));
  });

  it('reads renamed, optional and target-specific dependencies of every kind', () => {
    const app = crate(model(), 'app');
    expect(dep(app, 'beta-renamed')).toMatchObject({ package: 'beta', path: 'libs/beta', inherited: false });
    expect(dep(app, 'delta')).toMatchObject({ optional: true, defaultFeatures: false, features: ['fast'] });
    expect(dep(app, 'alpha', 'dev')).toMatchObject({ features: ['testing'] });
    expect(dep(app, 'unix-only', 'normal', 'cfg(unix)').path).toBe('libs/unix-only');
    expect(dep(app, 'win-test', 'dev', 'cfg(windows)')).toMatchObject({ package: 'win-test-lib' });
    expect(dep(app, 'gamma', 'build', 'x86_64-unknown-linux-gnu')).toMatchObject({ optional: false });
    expect(app.dependencies).toHaveLength(10);
  });

  it('adds the implicit feature of each optional dependency not named with `dep:`', () => {
    expect(crate(model(), 'app').features).toEqual({
      default: ['alpha-extra'],
      'alpha-extra': ['alpha/extra'],
      'with-delta': ['dep:delta', 'delta?/fast'],
      gamma: ['dep:gamma'],
      epsilon: ['dep:epsilon'],
    });
  });

  it('prefers `dev-dependencies` over `dev_dependencies` and still reads a lone `build_dependencies`', () => {
    const legacy = crate(model(), 'legacy');
    expect(legacy.dependencies.map((d) => `${d.kind} ${d.name}`).sort()).toEqual(['build gamma', 'dev alpha']);
  });
});

describe('manifests cargo refuses', () => {
  const pkg = (name: string, extra = '') => `[package]\nname = "${name}"\nversion = "0.1.0"\n${extra}`;

  it('reports a `workspace = true` field the workspace does not define, naming the file', () => {
    const model = modelOf({
      'Cargo.toml': '[workspace]\nmembers = ["a"]\n',
      'a/Cargo.toml': '[package]\nname = "a"\nversion.workspace = true\n',
      'a/src/lib.rs': '',
    });
    expect(model.crates).toEqual([]);
    expect(model.invalid).toEqual([
      expect.objectContaining({ root: 'a', name: 'a', problem: expect.objectContaining({ severity: 'error', file: 'a/Cargo.toml' }) }),
    ]);
    expect(model.invalid[0].problem.message).toMatch(/workspace\.package\.version/);
  });

  it('reports a `workspace = true` dependency missing from [workspace.dependencies]', () => {
    const model = modelOf({
      'Cargo.toml': '[workspace]\nmembers = ["a"]\n',
      'a/Cargo.toml': pkg('a', '[dependencies]\nserde.workspace = true\n'),
      'a/src/lib.rs': '',
    });
    expect(model.invalid.map((i) => i.problem.message)).toEqual([expect.stringMatching(/workspace\.dependencies\.serde/)]);
  });

  it('reports a package without a name', () => {
    const model = modelOf({ 'Cargo.toml': '[package]\nversion = "0.1.0"\n', 'src/lib.rs': '' });
    expect(model.invalid.map((i) => i.problem.message)).toEqual([expect.stringMatching(/package\.name/)]);
  });

  it('makes a package without a version 0.0.0 and unpublishable, and refuses one that asks to be published', () => {
    const ok = modelOf({ 'Cargo.toml': '[package]\nname = "a"\n', 'src/lib.rs': '' });
    expect(crate(ok, '')).toMatchObject({ version: '0.0.0', publish: false });
    for (const publish of ['true', '["internal"]']) {
      const model = modelOf({ 'Cargo.toml': `[package]\nname = "a"\npublish = ${publish}\n`, 'src/lib.rs': '' });
      expect(model.invalid.map((i) => i.problem.message)).toEqual(['`package.publish` requires `package.version` be specified']);
    }
  });

  it('refuses underscored dependency tables in edition 2024', () => {
    const model = modelOf({
      'Cargo.toml': pkg('a', 'edition = "2024"\n[dev_dependencies]\nb = { path = "b" }\n'),
      'src/lib.rs': '',
      'b/Cargo.toml': pkg('b'),
      'b/src/lib.rs': '',
    });
    expect(model.invalid.map((i) => `${i.root}: ${i.problem.message}`)).toEqual([expect.stringMatching(/^: .*dev_dependencies.*2024/)]);
  });

  it('keeps registry, git and alternative-registry dependencies with their sources', () => {
    const model = modelOf({
      'Cargo.toml': '[workspace]\nmembers = ["a"]\n[workspace.dependencies]\nserde = { version = "1.0", features = ["derive"] }\nrand = "0.8"\n',
      'a/Cargo.toml': pkg(
        'a',
        '[dependencies]\nserde = { workspace = true, features = ["rc"], optional = true }\nrand.workspace = true\n' +
          'mygit = { git = "https://example.com/mygit", branch = "main" }\ninternal = { version = "2", registry = "corp" }\n',
      ),
      'a/src/lib.rs': '',
    });
    const a = crate(model, 'a');
    expect(dep(a, 'serde')).toEqual({
      name: 'serde',
      package: 'serde',
      kind: 'normal',
      optional: true,
      inherited: true,
      version: '1.0',
      features: ['derive', 'rc'],
      defaultFeatures: true,
    });
    expect(dep(a, 'rand')).toMatchObject({ version: '0.8', inherited: true, features: [] });
    expect(dep(a, 'mygit')).toMatchObject({ git: 'https://example.com/mygit', inherited: false });
    expect(dep(a, 'mygit').path).toBeUndefined();
    expect(dep(a, 'internal')).toMatchObject({ version: '2', registry: 'corp' });
    expect(a.features).toEqual({ serde: ['dep:serde'] });
  });
});
