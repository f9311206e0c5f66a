import { logger, readNxJson, updateNxJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { parse } from 'yaml';
import { lintWorkflow } from '../../testing/workflow-lint';
import ciGenerator, { WORKFLOW_PATH } from './generator';

const affectedCommands = (tree: Tree) =>
  (parse(tree.read(WORKFLOW_PATH, 'utf-8')!) as { jobs: { main: { steps: { run?: string }[] } } }).jobs.main.steps.flatMap((s) => (s.run?.includes('nx affected') ? [s.run] : []));

function registerPlugin(tree: Tree, entries: unknown[] = ['@ms/rust']): void {
  const nxJson = readNxJson(tree)!;
  nxJson.plugins = entries as typeof nxJson.plugins;
  updateNxJson(tree, nxJson);
}

describe('ci generator', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
    registerPlugin(tree);
    // Nx falls back to the package manager that started the process when there is no lockfile.
    tree.write('package-lock.json', '{}');
  });
  afterEach(() => jest.restoreAllMocks());

  it('writes a workflow actionlint accepts, running the pipeline on affected crates', async () => {
    await ciGenerator(tree, { skipFormat: true });
    expect(await lintWorkflow(tree.read(WORKFLOW_PATH, 'utf-8')!)).toEqual([]);
    expect(affectedCommands(tree)).toEqual(['fmt', 'lint', 'test', 'build', 'package'].map((t) => `npx nx affected -t ${t}`));
  });

  it('leaves the same workflow as it is and says so', async () => {
    await ciGenerator(tree, { skipFormat: true });
    const first = tree.read(WORKFLOW_PATH, 'utf-8');
    const info = jest.spyOn(logger, 'info').mockImplementation(() => undefined);
    await ciGenerator(tree, { skipFormat: true });
    expect(tree.read(WORKFLOW_PATH, 'utf-8')).toBe(first);
    expect(info).toHaveBeenCalledWith(`${WORKFLOW_PATH} is up to date: nothing written.`);
  });

  it('refuses to replace a workflow that differs, naming the file and --force; replaces it with --force', async () => {
    await ciGenerator(tree, { skipFormat: true });
    const generated = tree.read(WORKFLOW_PATH, 'utf-8')!;
    const edited = `${generated}# mine\n`;
    tree.write(WORKFLOW_PATH, edited);
    await expect(ciGenerator(tree, { skipFormat: true })).rejects.toThrow(/\.github\/workflows\/ci\.yml exists and differs[\s\S]*--force/);
    expect(tree.read(WORKFLOW_PATH, 'utf-8')).toBe(edited);
    await ciGenerator(tree, { skipFormat: true, force: true });
    expect(tree.read(WORKFLOW_PATH, 'utf-8')).toBe(generated);
  });

  it('names the targets as the plugin options do and leaves out the ones switched off', async () => {
    registerPlugin(tree, [
      { plugin: '@ms/rust', include: ['a/**'], options: { build: { targetName: 'compile' }, package: false, fmt: false } },
      { plugin: '@ms/rust', include: ['b/**'], options: { package: false } },
    ]);
    await ciGenerator(tree, { skipFormat: true });
    // fmt is on in the second entry, package in neither.
    expect(affectedCommands(tree)).toEqual(['npx nx affected -t fmt', 'npx nx affected -t lint', 'npx nx affected -t test', 'npx nx affected -t compile build']);
  });

  it("refuses a workspace that does not register the plugin, writing nothing", async () => {
    registerPlugin(tree, []);
    await expect(ciGenerator(tree, { skipFormat: true })).rejects.toThrow('nx.json does not register @ms/rust');
    expect(tree.exists(WORKFLOW_PATH)).toBe(false);
  });

  it("takes the main branch from nx.json's defaultBase, or the option", async () => {
    const nxJson = readNxJson(tree)!;
    updateNxJson(tree, { ...nxJson, defaultBase: 'trunk' });
    await ciGenerator(tree, { skipFormat: true });
    expect(tree.read(WORKFLOW_PATH, 'utf-8')).toContain('branches:\n      - trunk\n');
    await ciGenerator(tree, { skipFormat: true, mainBranch: 'develop', force: true });
    expect(tree.read(WORKFLOW_PATH, 'utf-8')).toContain('main-branch-name: develop\n');
  });

  it("uses the committed rust-toolchain files, not git-ignored ones", async () => {
    tree.write('rust-toolchain.toml', '[toolchain]\nchannel = "1.80.0"\n');
    tree.write('fuzz/rust-toolchain', 'nightly\n');
    tree.write('.gitignore', 'local/\n');
    tree.write('local/rust-toolchain.toml', '[toolchain]\nchannel = "nightly"\n');
    await ciGenerator(tree, { skipFormat: true });
    const text = tree.read(WORKFLOW_PATH, 'utf-8')!;
    expect(text.match(/name: Rust toolchain.*/g)).toEqual(['name: Rust toolchain (rust-toolchain.toml)', 'name: Rust toolchain (fuzz/rust-toolchain)']);
    expect(text).not.toContain('rustup toolchain install stable');
  });

  it('takes rust-toolchain.toml over rust-toolchain in one folder, as rustup does', async () => {
    tree.write('rust-toolchain', 'nightly\n');
    tree.write('rust-toolchain.toml', '[toolchain]\nchannel = "stable"\n');
    await ciGenerator(tree, { skipFormat: true });
    expect(tree.read(WORKFLOW_PATH, 'utf-8')!.match(/name: Rust toolchain.*/g)).toEqual(['name: Rust toolchain (rust-toolchain.toml)']);
  });

  it('runs nx through its wrapper where the workspace has no package.json', async () => {
    tree.delete('package.json');
    tree.write('.nx/nxw.js', '// the wrapper nx init writes\n');
    const warn = jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
    await ciGenerator(tree, { skipFormat: true });
    expect(affectedCommands(tree)[0]).toBe('./nx affected -t fmt');
    expect(tree.read(WORKFLOW_PATH, 'utf-8')).not.toContain('npm ci');
    expect(warn).not.toHaveBeenCalled();
  });

  it('warns when the install has no lockfile to follow', async () => {
    tree.delete('package-lock.json');
    const warn = jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
    await ciGenerator(tree, { skipFormat: true });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('needs package-lock.json'));
  });
});
