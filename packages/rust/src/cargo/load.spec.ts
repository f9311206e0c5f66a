import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  cargoView,
  describeFixture,
  FIXTURES,
  findManifests,
  fixturePath,
  listFiles,
  loadFixture,
  modelView,
  problemLines,
} from '../testing/cargo-metadata';
import { fileListFs } from './fs';
import { loadCargoModel } from './load';
import type { CargoModel, Crate } from './types';

const crate = (model: CargoModel, root: string): Crate => {
  const found = model.crates.find((c) => c.root === root);
  if (!found) throw new Error(`no crate at ${root}; problems: ${problemLines(model).join('\n')}`);
  return found;
};

describeFixture('standalone', ({ model, cargo }) => {
  it.each(['tool', 'other/deep/lone'])('loads %s, outside any workspace, as cargo does', (dir) => {
    expect(modelView(model(), dir)).toEqual(cargoView(cargo(), cargo().metadata(`${dir}/Cargo.toml`)));
  });

  it('makes each standalone crate its own workspace root, with its own profiles', () => {
    const tool = crate(model(), 'tool');
    expect(tool.workspaceRoot).toBe('tool');
    expect(model().workspaces.find((w) => w.root === 'tool')).toMatchObject({
      manifestPath: 'tool/Cargo.toml',
      members: ['tool'],
      defaultMembers: ['tool'],
      profiles: {
        release: { lto: true, 'codegen-units': 1 },
        dev: { package: { '*': { 'opt-level': 2 } } },
        dist: { inherits: 'release', strip: true },
      },
    });
    expect(model().workspaces.find((w) => w.root === 'tool')!.lockfilePath).toBeUndefined();
  });

  it('reads [package.metadata.nx], publish and the other package fields', () => {
    const tool = crate(model(), 'tool');
    expect(tool.nx).toEqual({
      name: 'my-tool',
      tags: ['scope:tools', 'type:app'],
      implicitDependencies: ['docs'],
      targets: { lint: { options: { fix: true } } },
    });
    expect(tool).toMatchObject({ version: '2.0.0', publish: false, rustVersion: '1.74', features: { default: ['color'], color: [] } });
    // `publish = ["internal"]` still publishes, to that registry only.
    expect(crate(model(), 'other/deep/lone')).toMatchObject({ publish: true, edition: '2024', nx: {} });
  });
});

describeFixture('broken', ({ model, cargo }) => {
  it('reports invalid TOML as an error naming the file, line and column, as cargo does', () => {
    const [problem] = model().problems;
    expect(model().problems).toHaveLength(1);
    expect(problem).toMatchObject({ severity: 'error', file: 'bad/Cargo.toml', line: 3, column: 17 });
    expect(problem.message).toMatch(/^invalid TOML: /);
    expect(cargo().metadataError()).toContain(`bad/Cargo.toml:${problem.line}:${problem.column}`);
  });

  it('keeps every other crate, and the broken one (with its name) as invalid, but the workspace refused, as cargo refuses it', () => {
    expect(model().crates.map((c) => c.root).sort()).toEqual(['good', 'other-good']);
    const ws = model().workspaces.find((w) => w.root === '')!;
    expect(ws.members).toEqual(['good', 'other-good']);
    expect(model().invalid).toEqual([{ root: 'bad', manifestPath: 'bad/Cargo.toml', name: 'bad', problem: model().problems[0], workspaceRoot: '' }]);
    expect(ws.error).toBe(model().problems[0]);
    // cargo fails for a sound member too, on the broken one.
    expect(cargo().metadataError('good/Cargo.toml')).toContain(`bad/Cargo.toml:${ws.error!.line}:${ws.error!.column}`);
  });

  it('refuses the crates below an invalid workspace root, as cargo does, instead of making them standalone', () => {
    cargo().write('Cargo.toml', '[workspace\nmembers = ["good"]\n');
    try {
      expect(cargo().metadataError('good/Cargo.toml')).toContain('Cargo.toml:1:11');
      const model = cargo().model();
      expect(model.crates).toEqual([]);
      expect(problemLines(model)).toEqual([
        expect.stringMatching(/^error Cargo\.toml:1:11: invalid TOML/),
        expect.stringMatching(/^error bad\/Cargo\.toml:3:17: invalid TOML/),
        "error good/Cargo.toml: cargo cannot find this package's workspace: Cargo.toml:1:11, on the way, is invalid",
        "error other-good/Cargo.toml: cargo cannot find this package's workspace: Cargo.toml:1:11, on the way, is invalid",
      ]);
      expect(model.invalid.map((i) => `${i.root || '.'} ${i.name}`).sort()).toEqual(['. undefined', 'bad bad', 'good good', 'other-good other-good']);
    } finally {
      cargo().write('Cargo.toml', readFileSync(join(fixturePath('broken'), 'Cargo.toml'), 'utf8'));
    }
  });

  it.each([
    ['a duplicate key', '[package]\nname = "bad"\nname = "again"\n'],
    ['an unclosed table header', '[package\nname = "bad"\n'],
    ['a key without a value', '[package]\nname "bad"\n'],
    ['a table defined twice', '[package]\nname = "bad"\n[package]\nversion = "1"\n'],
    ['a malformed number', '[package]\nname = "bad"\nversion = 1.2.3\n'],
  ])('places %s where cargo does', (_, text) => {
    cargo().write('bad/Cargo.toml', text);
    const problems = cargo().model().problems;
    expect(problems).toEqual([expect.objectContaining({ severity: 'error', file: 'bad/Cargo.toml' })]);
    expect(cargo().metadataError()).toContain(`bad/Cargo.toml:${problems[0].line}:${problems[0].column}`);
  });

  const sound = readFileSync(join(fixturePath('broken'), 'bad', 'Cargo.toml'), 'utf8').replace('"0.1.0\n', '"0.1.0"\n');

  it('loads the workspace once the member is fixed', () => {
    cargo().write('bad/Cargo.toml', sound);
    expect(cargo().metadata().packages.map((p) => p.name).sort()).toEqual(['bad', 'good', 'other-good']);
    const model = cargo().model();
    expect(model.problems).toEqual([]);
    expect(model.workspaces.find((w) => w.root === '')!.error).toBeUndefined();
  });

  it.each([
    ['no `package.name`', sound.replace('name = "bad"\n', ''), /missing field `package\.name`/, 'error bad/Cargo.toml:1:1: `package.name` is missing'],
    [
      'an inherited field the workspace does not define',
      sound.replace('edition = "2021"', 'edition.workspace = true'),
      /`workspace\.package\.edition` was not defined/,
      'error bad/Cargo.toml:4:1: `package.edition.workspace = true` but Cargo.toml has no `workspace.package.edition`',
    ],
    [
      'an inherited dependency the workspace does not declare',
      `${sound}[dev-dependencies]\nhelper = { workspace = true }\n`,
      /error inheriting `helper` from workspace root manifest's `workspace\.dependencies\.helper`/,
      'error bad/Cargo.toml:6:12: dependency "helper" has `workspace = true` but Cargo.toml has no `workspace.dependencies.helper`',
    ],
    [
      'an old spelling in edition 2024',
      `${sound.replace('2021', '2024')}[lib]\ncrate_type = ["rlib"]\n`,
      /`crate_type` is unsupported as of the 2024 edition/,
      'error bad/Cargo.toml:6:1: `crate_type` is unsupported as of the 2024 edition; instead use `crate-type`',
    ],
    [
      'a nameless [[bin]]',
      `${sound}\n[[bin]]\npath = "src/lib.rs"\n`,
      /binary target bin\.name is required/,
      'error bad/Cargo.toml:6:1: binary target bin.name is required',
    ],
    [
      'a [[bin]] whose file is missing',
      `${sound}\n[[bin]]\nname = "tool"\n`,
      /can't find `tool` bin/,
      expect.stringMatching(/^error bad\/Cargo\.toml:7:1: can't find `tool` bin/),
    ],
  ])('refuses the whole workspace for a member with %s, at its line and column, as cargo does', (_, text, cargoSays, line) => {
    cargo().write('bad/Cargo.toml', text);
    expect(cargo().metadataError('good/Cargo.toml')).toMatch(cargoSays);
    const model = cargo().model();
    expect(problemLines(model)).toEqual([line]);
    expect(model.crates.map((c) => c.root).sort()).toEqual(['good', 'other-good']);
    expect(model.invalid).toEqual([expect.objectContaining({ root: 'bad', workspaceRoot: '' })]);
    expect(model.workspaces.find((w) => w.root === '')!.error).toBe(model.problems[0]);
  });

  it('refuses the whole workspace for two members with one package name, as cargo does', () => {
    cargo().write('bad/Cargo.toml', sound.replace('name = "bad"', 'name = "good"'));
    expect(cargo().metadataError('other-good/Cargo.toml')).toMatch(/two packages named `good` in this workspace/);
    const model = cargo().model();
    // cargo lists them in members order, the second one last.
    expect(problemLines(model)).toEqual(['error bad/Cargo.toml:2:1: two packages named `good` in this workspace: good/Cargo.toml and bad/Cargo.toml']);
    expect(model.crates.map((c) => c.root).sort()).toEqual(['bad', 'good', 'other-good']);
    expect(model.workspaces.find((w) => w.root === '')!.error).toBe(model.problems[0]);
  });

  it('keeps a nested workspace and a standalone crate loading while the workspace around them is refused', () => {
    cargo().write('bad/Cargo.toml', sound.replace('name = "bad"', 'name = "good"'));
    mkdirSync(join(cargo().root, 'nested/src'), { recursive: true });
    cargo().write('nested/Cargo.toml', '[package]\nname = "good"\nversion = "0.1.0"\nedition = "2021"\n\n[workspace]\n');
    cargo().write('nested/src/lib.rs', '');
    try {
      expect(cargo().metadata('nested/Cargo.toml').packages.map((p) => p.name)).toEqual(['good']);
      const model = cargo().model();
      expect(model.workspaces.find((w) => w.root === 'nested')!.error).toBeUndefined();
      expect(model.workspaces.find((w) => w.root === '')!.error).toBeDefined();
    } finally {
      rmSync(join(cargo().root, 'nested'), { recursive: true });
    }
  });
});

describe('the loader', () => {
  const fixtures = readdirSync(FIXTURES).sort();

  it.each(fixtures)('builds the same model of %s from a file list as from the disk', (name) => {
    const root = fixturePath(name);
    const fromList = loadCargoModel(findManifests(root), {
      fs: fileListFs(listFiles(root), (f) => {
        try {
          return readFileSync(join(root, f), 'utf8');
        } catch {
          return undefined;
        }
      }),
    });
    expect(fromList).toEqual(loadFixture(name));
  });

  it('skips manifests it cannot read', () => {
    const model = loadCargoModel(['gone/Cargo.toml', 'Cargo.toml'], {
      fs: fileListFs(['Cargo.toml', 'src/lib.rs'], (f) => (f === 'Cargo.toml' ? '[package]\nname = "a"\nversion = "0.1.0"\n' : undefined)),
    });
    expect(model.crates.map((c) => c.name)).toEqual(['a']);
    expect(model.problems).toEqual([]);
  });

  it('uses `readToml` when given, so a caller can cache parses', () => {
    const asked: string[] = [];
    const model = loadCargoModel(['Cargo.toml'], {
      fs: fileListFs(['Cargo.toml', 'src/main.rs'], () => undefined),
      readToml: (file) => {
        asked.push(file);
        return { ok: true, value: { package: { name: 'cached', version: '1.0.0' } } };
      },
    });
    expect(asked).toEqual(['Cargo.toml']);
    expect(model.crates.map((c) => `${c.name} ${c.targets.map((t) => t.kind)}`)).toEqual(['cached bin']);
  });

  it('loads a 1000-crate workspace completely', () => {
    const files = new Map<string, string>([
      [
        'Cargo.toml',
        '[workspace]\nresolver = "2"\nmembers = ["crates/*", "apps/*"]\n' +
          '[workspace.package]\nversion = "0.1.0"\nedition = "2021"\n[workspace.dependencies]\n' +
          Array.from({ length: 900 }, (_, i) => `lib${i} = { path = "crates/lib${i}" }\n`).join(''),
      ],
    ]);
    for (let i = 0; i < 900; i++) {
      const deps = [i - 1, i - 7, i - 31].filter((d) => d >= 0).map((d) => `lib${d}.workspace = true\n`);
      files.set(`crates/lib${i}/Cargo.toml`, `[package]\nname = "lib${i}"\nversion.workspace = true\nedition.workspace = true\n[dependencies]\n${deps.join('')}`);
      files.set(`crates/lib${i}/src/lib.rs`, '');
    }
    for (let i = 0; i < 100; i++) {
      files.set(`apps/app${i}/Cargo.toml`, `[package]\nname = "app${i}"\nversion = "1.0.0"\nedition = "2021"\n[dependencies]\nlib${i * 9}.workspace = true\n`);
      files.set(`apps/app${i}/src/main.rs`, '');
      files.set(`apps/app${i}/tests/it.rs`, '');
    }
    const manifests = [...files.keys()].filter((f) => f.endsWith('Cargo.toml'));
    const model = loadCargoModel(manifests, { fs: fileListFs(files.keys(), (f) => files.get(f)) });

    expect(model.problems).toEqual([]);
    expect(model.crates).toHaveLength(1000);
    expect(model.workspaces).toHaveLength(1);
    expect(model.workspaces[0].members).toHaveLength(1000);
    expect(crate(model, 'crates/lib40').dependencies.map((d) => d.path)).toEqual(['crates/lib39', 'crates/lib33', 'crates/lib9']);
    expect(crate(model, 'apps/app3').targets.map((t) => `${t.kind} ${t.name}`)).toEqual(['bin app3', 'test it']);
  });
});

describe('the TOML syntax tree that positions come from', () => {
  it('is loaded only when a manifest has a problem to place', () => {
    let loads = 0;
    jest.isolateModules(() => {
      jest.doMock('toml-eslint-parser', () => {
        loads++;
        return jest.requireActual('toml-eslint-parser');
      });
      const { loadCargoModel: load } = require('./load') as typeof import('./load');
      const files: Record<string, string> = { 'a/Cargo.toml': '[package]\nname = "a"\nversion = "0.1.0"\n', 'a/src/lib.rs': '' };
      const run = () => load(['a/Cargo.toml'], { fs: fileListFs(Object.keys(files), (f) => files[f]) });

      expect(run().problems).toEqual([]);
      expect(loads).toBe(0);

      files['a/Cargo.toml'] = '[package]\nversion = "0.1.0"\n';
      expect(run().problems).toEqual([expect.objectContaining({ severity: 'error', file: 'a/Cargo.toml', line: 1, column: 1 })]);
      expect(loads).toBe(1);
    });
  });
});
