import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cargoView, describeFixture, modelView, problemLines } from '../testing/cargo-metadata';

describeFixture('globs', ({ model, cargo }) => {
  it('has the members cargo finds for `*`, `?`, `[!..]` and `**` globs, minus exclude', () => {
    expect(modelView(model(), '')).toEqual(cargoView(cargo(), cargo().metadata()));
  });

  it('expands each glob by cargo semantics', () => {
    const ws = model().workspaces.find((w) => w.root === '')!;
    expect([...ws.members].sort()).toEqual([
      'crates/alpha',
      'crates/beta', // without a version: 0.0.0, unpublishable
      'extras/special', // an explicit member beats `exclude = ["extras"]`
      'libs/a-one',
      'libs/b-two', // `libs/[!c]*`; libs/b-old is excluded although the glob matches it
      'nested/deep/er/leaf', // `nested/**/leaf`, through two folders
      'nested/leaf', // … and through none
      'tools/tool-1', // `tool-?` does not match tool-22
    ]);
    expect(ws.exclude).toEqual(['crates/old', 'extras', 'libs/b-old', 'libs/c-three', 'tools/tool-22', 'nested/deep/not-leaf']);
    expect(ws.hasLints).toBe(false);
    // `crates/*` matches the excluded crates/old too, which cargo drops from default-members.
    expect([...ws.defaultMembers].sort()).toEqual(['crates/alpha', 'crates/beta', 'extras/special']);
  });

  const excluded = ['crates/old', 'crates/old/inner', 'extras/other', 'libs/b-old', 'libs/c-three', 'nested/deep/not-leaf', 'tools/tool-22'];

  it.each(excluded)('loads excluded %s as a standalone crate, as cargo does', (dir) => {
    const crate = model().crates.find((c) => c.root === dir)!;
    expect(crate.workspaceRoot).toBe(dir);
    expect(modelView(model(), dir)).toEqual(cargoView(cargo(), cargo().metadata(`${dir}/Cargo.toml`)));
  });

  it('reports no problem', () => {
    expect(problemLines(model())).toEqual([]);
  });
});

describeFixture('root-package', ({ model, cargo }) => {
  it('matches cargo: root package, listed member and path dependencies as members', () => {
    expect(modelView(model(), '')).toEqual(cargoView(cargo(), cargo().metadata()));
  });

  it('makes in-folder path dependencies members, transitively and through every dependency kind', () => {
    const ws = model().workspaces.find((w) => w.root === '')!;
    expect([...ws.members].sort()).toEqual(['', 'crates/auto', 'crates/listed', 'crates/transitive']);
    // Without `default-members`, a root package is the only default member.
    expect(ws.defaultMembers).toEqual(['']);
  });

  it('keeps an excluded path dependency out, as a standalone crate', () => {
    expect(model().crates.find((c) => c.root === 'crates/excluded')!.workspaceRoot).toBe('crates/excluded');
    expect(modelView(model(), 'crates/excluded')).toEqual(cargoView(cargo(), cargo().metadata('crates/excluded/Cargo.toml')));
  });

  it('treats fuzz/ with its own [workspace] as a nested workspace', () => {
    const fuzz = model().crates.find((c) => c.root === 'fuzz')!;
    expect(fuzz.workspaceRoot).toBe('fuzz');
    expect(fuzz.publish).toBe(false);
    expect(model().workspaces.map((w) => w.root).sort()).toEqual(['', 'crates/excluded', 'fuzz']);
    expect(modelView(model(), 'fuzz')).toEqual(cargoView(cargo(), cargo().metadata('fuzz/Cargo.toml')));
  });

  it('reports no problem', () => {
    expect(problemLines(model())).toEqual([]);
  });
});

describeFixture('root-package', ({ cargo }) => {
  it('refuses the workspace when a path dependency pulls a nested workspace root into it, as cargo does', () => {
    const manifest = readFileSync(join(cargo().root, 'Cargo.toml'), 'utf8');
    cargo().write('Cargo.toml', manifest.replace('[dependencies]\n', '[dependencies]\nroot-app-fuzz = { path = "fuzz" }\n'));
    expect(cargo().metadataError()).toMatch(/multiple workspace roots found in the same workspace/);
    const model = cargo().model();
    expect(problemLines(model)).toEqual([
      'error Cargo.toml:8:1: fuzz/Cargo.toml is a member (listed, or a path dependency of one) but belongs to the workspace at fuzz/Cargo.toml',
    ]);
    expect(model.workspaces.find((w) => w.root === '')!.members).not.toContain('fuzz');
    expect(model.workspaces.find((w) => w.root === '')!.error).toBe(model.problems[0]);
    // The nested workspace itself still loads.
    expect(cargo().metadata('fuzz/Cargo.toml').packages.map((p) => p.name)).toEqual(['root-app-fuzz']);
    expect(model.crates.find((c) => c.root === 'fuzz')!.workspaceRoot).toBe('fuzz');
    expect(model.workspaces.find((w) => w.root === 'fuzz')!.error).toBeUndefined();
  });
});

describeFixture('path-deps', ({ model, cargo }) => {
  it('matches cargo for a workspace whose path dependencies leave its folder', () => {
    expect(modelView(model(), 'ws')).toEqual(cargoView(cargo(), cargo().metadata('ws/Cargo.toml')));
  });

  it('makes a member of an outside path dependency only when it points back with `package.workspace`', () => {
    const ws = model().workspaces.find((w) => w.root === 'ws')!;
    expect([...ws.members].sort()).toEqual(['pointed', 'ws/app', 'ws/inside']);
    expect(model().crates.find((c) => c.root === 'sibling')!.workspaceRoot).toBe('sibling');
    expect(modelView(model(), 'sibling')).toEqual(cargoView(cargo(), cargo().metadata('sibling/Cargo.toml')));
  });

  it('refuses a crate whose ancestor points to a workspace that does not list it, as cargo does', () => {
    expect(cargo().metadataError('pointed/inner/Cargo.toml')).toMatch(/believes it's in a workspace when it's not/);
    expect(model().crates.map((c) => c.root)).not.toContain('pointed/inner');
    expect(model().problems).toEqual([
      expect.objectContaining({ severity: 'warning', file: 'pointed/inner/Cargo.toml', message: expect.stringContaining('ws/Cargo.toml') }),
    ]);
  });
});

describeFixture('stray', ({ model, cargo }) => {
  it('matches cargo for the workspace', () => {
    expect(modelView(model(), '')).toEqual(cargoView(cargo(), cargo().metadata()));
  });

  it('leaves out a crate in the workspace folder that is neither a member nor excluded, with a warning', () => {
    expect(cargo().metadataError('unlisted/Cargo.toml')).toMatch(/believes it's in a workspace when it's not/);
    expect(model().crates.map((c) => c.root)).toEqual(['members/ok']);
    expect(model().problems).toEqual([
      {
        severity: 'warning',
        file: 'unlisted/Cargo.toml',
        line: 1,
        column: 1,
        message: expect.stringMatching(/workspace at Cargo\.toml but is not one of its members/),
      },
    ]);
  });
});

describeFixture('unmatched', ({ model, cargo }) => {
  it('reports each members entry that matches nothing at its line and column, refuses the workspace, and still loads the rest', () => {
    // cargo refuses the whole workspace; the model keeps its crates and says why.
    expect(cargo().metadataError()).toMatch(/failed to load manifest for workspace member/);
    expect(model().crates.map((c) => c.root).sort()).toEqual(['crates/a', 'tools/x']);
    const ws = model().workspaces.find((w) => w.root === '')!;
    expect(ws.members).toEqual(['crates/a']);
    expect(ws.defaultMembers).toEqual(['crates/a']);
    expect(problemLines(model())).toEqual([
      'error Cargo.toml:4:24: workspace.members entry `missing` has no missing/Cargo.toml',
      'error Cargo.toml:4:35: workspace.members entry `ghost/*` matches ghost/empty, which has no Cargo.toml',
      'error Cargo.toml:4:46: workspace.members entry `nothing-[0-9]` matches no folder',
      'error Cargo.toml:6:32: workspace.default-members names tools/x, which is not a member of the workspace',
    ]);
    expect(ws.error).toBe(model().problems[0]);
    // tools/x, excluded, is a standalone crate cargo still loads.
    expect(cargo().metadata('tools/x/Cargo.toml').packages.map((p) => p.name)).toEqual(['x']);
    expect(model().workspaces.find((w) => w.root === 'tools/x')!.error).toBeUndefined();
  });

  it.each([
    ['`missing`', /failed to load manifest for workspace member `[^`]*missing`/],
    ['`ghost/*`', /failed to read `[^`]*ghost\/empty\/Cargo\.toml`/],
    ['`nothing-[0-9]`', /failed to load manifest for workspace member `[^`]*nothing-\[0-9\]`/],
  ])('refuses the workspace exactly where cargo does: members entry %s alone', (entry, cargoError) => {
    cargo().write('Cargo.toml', `[workspace]\nresolver = "2"\nmembers = ["crates/*", "${entry.slice(1, -1)}"]\nexclude = ["tools"]\n`);
    expect(cargo().metadataError()).toMatch(cargoError);
    const model = cargo().model();
    expect(problemLines(model)).toEqual([expect.stringMatching(new RegExp(`^error Cargo\\.toml:3:24: workspace\\.members entry ${escape(entry)}`))]);
    expect(model.workspaces.find((w) => w.root === '')!.error).toBe(model.problems[0]);
  });

  it('refuses the workspace exactly where cargo does: a default member that is not a member', () => {
    cargo().write('Cargo.toml', '[workspace]\nresolver = "2"\nmembers = ["crates/*"]\nexclude = ["tools"]\ndefault-members = ["tools/x"]\n');
    expect(cargo().metadataError()).toMatch(/is listed in default-members but is not a member/);
    expect(problemLines(cargo().model())).toEqual(['error Cargo.toml:5:20: workspace.default-members names tools/x, which is not a member of the workspace']);
  });
});

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
