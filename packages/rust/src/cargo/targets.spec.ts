import { cargoView, describeFixture, modelView, problemLines } from '../testing/cargo-metadata';
import { fileListFs } from './fs';
import { loadCargoModel } from './load';
import type { CargoModel, CargoTarget, Crate } from './types';

const crate = (model: CargoModel, root: string): Crate => {
  const found = model.crates.find((c) => c.root === root);
  if (!found) throw new Error(`no crate at ${root}; problems: ${problemLines(model).join('\n')}`);
  return found;
};

/** `kind name path` per target, sorted: compact and order-free. */
const targetLines = (c: Crate) => c.targets.map((t) => `${t.kind} ${t.name} ${t.path}`).sort();

/** A single package from in-memory files: its manifest is `Cargo.toml`, the other keys are files next to it. */
function packageOf(manifest: string, files: string[]): CargoModel {
  const all = ['Cargo.toml', ...files];
  return loadCargoModel(['Cargo.toml'], { fs: fileListFs(all, (f) => (f === 'Cargo.toml' ? manifest : '')) });
}

describeFixture('targets', ({ model, cargo }) => {
  it('matches cargo metadata: explicit, discovered and disabled targets, build scripts', () => {
    expect(modelView(model(), '')).toEqual(cargoView(cargo(), cargo().metadata()));
  });

  it('takes explicit targets with custom paths alongside the discovered ones (edition 2021)', () => {
    const explicit = crate(model(), 'explicit');
    expect(targetLines(explicit)).toEqual([
      'bench auto_bench benches/auto_bench.rs',
      'bench speed perf/speed.rs', // `./perf/speed.rs`, normalized
      'bin explicit src/main.rs',
      'bin explicit-cli code/cli.rs',
      'bin one src/bin/one.rs', // declared without a path: found among the discovered bins
      'bin two src/bin/two.rs',
      'example auto_example examples/auto_example.rs',
      'example demo samples/demo.rs',
      'lib explicit_core code/core.rs', // src/lib.rs exists but `[lib] path` wins
      'test auto_test tests/auto_test.rs',
      'test integration checks/integration.rs', // `checks/../checks/integration.rs`, normalized
    ]);
    const byName = (name: string) => explicit.targets.find((t) => t.name === name)!;
    expect(byName('explicit_core').crateTypes).toEqual(['rlib', 'cdylib']);
    expect(byName('explicit-cli').requiredFeatures).toEqual(['cli']);
    expect(byName('integration').harness).toBe(false);
    expect(byName('speed').harness).toBe(false);
  });

  it('discovers src/lib.rs, src/main.rs, src/bin/*.rs, src/bin/*/main.rs, examples/, tests/, benches/ and build.rs', () => {
    const auto = crate(model(), 'auto');
    expect(targetLines(auto)).toEqual([
      'bench b1 benches/b1.rs',
      'bin a src/bin/a.rs',
      'bin auto-found src/main.rs', // bins keep the package name's dashes
      'bin multi src/bin/multi/main.rs',
      'example e1 examples/e1.rs',
      'example e2 examples/e2/main.rs', // examples/not-a-target/ has no main.rs
      'lib auto_found src/lib.rs', // a lib's name has underscores
      'test t1 tests/t1.rs', // tests/common/ has no main.rs
    ]);
    expect(auto.buildScript).toBe('build.rs');
  });

  it('discovers nothing of a kind whose `auto*` flag is false, keeping declared targets', () => {
    expect(targetLines(crate(model(), 'no-auto'))).toEqual(['bin kept src/main.rs', 'test only tests/t.rs']);
  });

  it('makes a proc-macro lib', () => {
    expect(crate(model(), 'proc-macro').targets).toEqual([
      expect.objectContaining({ kind: 'lib', name: 'my_macros', path: 'src/lib.rs', crateTypes: ['proc-macro'] }),
    ]);
  });

  it('reads `build = "…"`, `build = false` and `build = true`', () => {
    expect(crate(model(), 'build-scripts/custom').buildScript).toBe('tools/gen.rs');
    expect(crate(model(), 'build-scripts/off').buildScript).toBeUndefined(); // although build.rs exists
    expect(crate(model(), 'build-scripts/forced').buildScript).toBe('build.rs'); // although it does not
    expect(crate(model(), 'build-scripts/dotted').buildScript).toBe('build.rs');
  });

  it('in edition 2015, stops discovering a kind once one target of it is declared', () => {
    expect(targetLines(crate(model(), 'legacy2015'))).toEqual(['bin declared src/declared.rs', 'example ex examples/ex.rs']);
  });

  it('reports no problem', () => {
    expect(problemLines(model())).toEqual([]);
  });
});

describe('targets cargo refuses', () => {
  const pkg = (extra: string, edition = '2021') => `[package]\nname = "p"\nversion = "0.1.0"\nedition = "${edition}"\n${extra}`;
  const refusal = (model: CargoModel) => model.invalid.map((i) => i.problem.message);

  // cargo's own words.
  it.each([
    ['bin', 'binary target bin.name is required'],
    ['example', 'example target example.name is required'],
    ['test', 'test target test.name is required'],
    ['bench', 'benchmark target bench.name is required'],
  ])('requires a name for [[%s]]', (kind, message) => {
    const model = packageOf(pkg(`[[${kind}]]\npath = "src/x.rs"\n`), ['src/lib.rs', 'src/x.rs']);
    expect(refusal(model)).toEqual([message]);
    expect(model.crates).toEqual([]);
  });

  it.each([
    ['bin', 'src/bin'],
    ['example', 'examples'],
    ['test', 'tests'],
    ['bench', 'benches'],
  ])('requires a path for a declared [[%s]] that is not on disk', (kind, dir) => {
    // (`cargo metadata` merely drops such an example/test/bench; every build refuses the manifest.)
    const model = packageOf(pkg(`[[${kind}]]\nname = "ghost"\n`), ['src/main.rs']);
    expect(refusal(model)).toEqual([
      `can't find \`ghost\` ${kind} at \`${dir}/ghost.rs\` or \`${dir}/ghost/main.rs\`. Please specify ${kind}.path if you want to use a non-default path.`,
    ]);
  });

  it('requires src/lib.rs or a path for a declared [lib]', () => {
    const model = packageOf(pkg('[lib]\nname = "p"\n'), ['src/main.rs']);
    expect(refusal(model)).toEqual([expect.stringMatching(/can't find library `p`/)]);
  });

  it('refuses a lib name with a hyphen', () => {
    const model = packageOf(pkg('[lib]\nname = "my-lib"\n'), ['src/lib.rs']);
    expect(refusal(model)).toEqual([expect.stringMatching(/library target names cannot contain hyphens: my-lib/)]);
  });

  it('refuses a package with nothing to build, but not one with only a test', () => {
    const none = packageOf(pkg(''), ['build.rs', 'README.md']);
    expect(refusal(none)).toEqual([expect.stringMatching(/^no targets specified in the manifest/)]);
    const testOnly = packageOf(pkg(''), ['tests/t.rs']);
    expect(crate(testOnly, '').targets).toEqual([{ kind: 'test', name: 't', path: 'tests/t.rs' }]);
  });

  it('finds a declared [lib] at src/<name>.rs in edition 2015', () => {
    const model = packageOf(pkg('[lib]\n', '2015'), ['src/p.rs', 'src/main.rs']);
    expect(crate(model, '').targets.map((t) => `${t.kind} ${t.name} ${t.path}`)).toEqual(['lib p src/p.rs', 'bin p src/main.rs']);
  });

  it('finds the legacy paths of edition 2015 (src/<name>.rs for a bin)', () => {
    const model = packageOf(pkg('[[bin]]\nname = "tool"\n', '2015'), ['src/tool.rs']);
    expect(crate(model, '').targets).toEqual([{ kind: 'bin', name: 'tool', path: 'src/tool.rs' } satisfies CargoTarget]);
  });
});
