/**
 * What a user sees the first time: `npx nx add @ms/rust` in a folder that has a package.json with
 * nx and a Cargo workspace, nothing else (no nx.json), installing the plugin from a registry (a
 * local verdaccio serving the packed tarball, everything else proxied to npm's registry); then
 * `nx g @ms/rust:init` where the plugin is installed but there is no nx.json; and what the
 * package holds.
 *
 * Fixture `first-run`: a virtual Cargo workspace with `hello` (binary) using `greeting` (library)
 * by path.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startRegistry, type LocalRegistry } from './utils/registry';
import { createWorkspace, e2eRun, FIXTURES, NX_VERSION, REPO_ROOT, run, TestWorkspace } from './utils/workspace';

const CRATES = ['greeting', 'hello'];
const NX_IGNORES = ['.nx/cache', '.nx/workspace-data'];

/** The lines of .gitignore, for comparing as a set. */
const ignoreLines = (ws: TestWorkspace) => ws.read('.gitignore').split('\n').filter(Boolean);

describe('npx nx add @ms/rust in a folder with package.json (nx) and a Cargo workspace, no nx.json', () => {
  let registry: LocalRegistry | undefined;
  let ws: TestWorkspace;

  beforeAll(async () => {
    const { root, tarball } = e2eRun();
    registry = await startRegistry(mkdtempSync(join(root, 'registry-')));
    registry.publish(tarball);

    ws = new TestWorkspace(mkdtempSync(join(root, 'nx-add-')));
    cpSync(join(FIXTURES, 'first-run'), ws.root, { recursive: true });
    ws.write('package.json', JSON.stringify({ name: 'first-run', version: '0.0.0', private: true, devDependencies: { nx: NX_VERSION } }, null, 2) + '\n');
    // How a user points npm at a registry; the environment variable overrides npm's own (npm run sets it).
    ws.write('.npmrc', `registry=${registry.url}\n`);
    ws.exec('npm', ['install', '--no-audit', '--no-fund'], { env: registry.env, timeoutMs: 5 * 60 * 1000 });
  });

  afterAll(async () => {
    await registry?.stop();
  });

  it('installs @ms/rust from the registry and registers it in the nx.json it creates', () => {
    const add = ws.nx(['add', '@ms/rust'], { env: registry!.env, allowFailure: true });
    expect({ status: add.status, output: add.status === 0 ? '' : `${add.output}\n--- verdaccio ---\n${registry!.log()}` }).toEqual({ status: 0, output: '' });

    const installed = JSON.parse(ws.read('node_modules/@ms/rust/package.json')) as { version: string };
    expect(installed.version).toBe(JSON.parse(readFileSync(join(REPO_ROOT, 'packages/rust/package.json'), 'utf8')).version);
    // The packed build, not some other package of that name.
    expect(ws.read('node_modules/@ms/rust/dist/index.js')).toBe(readFileSync(join(REPO_ROOT, 'packages/rust/dist/index.js'), 'utf8'));
    expect(JSON.parse(ws.read('package.json')).devDependencies).toEqual({ nx: NX_VERSION, '@ms/rust': `^${installed.version}` });

    const nxJson = JSON.parse(ws.read('nx.json'));
    expect(nxJson.$schema).toBe('./node_modules/nx/schemas/nx-schema.json');
    expect(nxJson.plugins).toEqual(['@ms/rust']);
    expect(Object.keys(nxJson.namedInputs)).toEqual(expect.arrayContaining(['cargo-sources', 'cargo-workspace', 'cargo-env']));
    expect(ignoreLines(ws)).toEqual(expect.arrayContaining(['target/', 'dist/', ...NX_IGNORES]));
    // The user's Cargo workspace is kept as it is.
    expect(ws.read('Cargo.toml')).toBe(readFileSync(join(FIXTURES, 'first-run/Cargo.toml'), 'utf8'));
  });

  it('`nx show projects` lists the crates', () => {
    expect(ws.nxJson<string[]>(['show', 'projects', '--json']).sort()).toEqual(CRATES);
  });

  it('`nx build hello` builds it, and the binary runs', () => {
    ws.nx(['build', 'hello', '--output-style=static']);
    expect(run(ws.path('target/debug/hello'), [], ws.root).stdout.trim()).toBe('hello, first run');
  });
});

describe('nx g @ms/rust:init with the plugin installed and no nx.json', () => {
  let ws: TestWorkspace;

  beforeAll(() => {
    ws = createWorkspace('first-run');
    // As after `npm install -D nx @ms/rust` in a Cargo repository: no nx.json, no .gitignore.
    rmSync(ws.path('nx.json'));
    rmSync(ws.path('.gitignore'));
    ws.commit('no Nx configuration');
  });

  it('creates nx.json; the crates become projects and `nx build` works', () => {
    ws.nx(['g', '@ms/rust:init']);
    const nxJson = JSON.parse(ws.read('nx.json'));
    expect(Object.keys(nxJson)[0]).toBe('$schema');
    expect(nxJson.plugins).toEqual(['@ms/rust']);
    expect(ws.nxJson<string[]>(['show', 'projects', '--json']).sort()).toEqual(CRATES);
    ws.nx(['build', 'hello', '--output-style=static']);
    expect(run(ws.path('target/debug/hello'), [], ws.root).stdout.trim()).toBe('hello, first run');
  });

  it("leaves nothing of Nx's or cargo's output for git: only nx.json, .gitignore and Cargo.lock are new", () => {
    expect(ignoreLines(ws)).toEqual(['target/', 'dist/', ...NX_IGNORES, '.nx/migrate-runs']);
    const untracked = ws.git(['status', '--porcelain']).stdout.split('\n').filter(Boolean).sort();
    expect(untracked).toEqual(['?? .gitignore', '?? Cargo.lock', '?? nx.json']);
  });

  it('changes nothing when run again', () => {
    const files = ['nx.json', '.gitignore', 'Cargo.toml', 'package.json'];
    const before = files.map((f) => ws.read(f));
    ws.nx(['g', '@ms/rust:init']);
    expect(files.map((f) => ws.read(f))).toEqual(before);
  });
});

describe('the packed @ms/rust', () => {
  it('holds compiled code, declarations and generator templates: no TypeScript source', () => {
    const files = run('tar', ['-tzf', e2eRun().tarball], REPO_ROOT).stdout.split('\n').filter(Boolean);
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    expect(files).toEqual(expect.arrayContaining(['package/dist/index.js', 'package/dist/index.d.ts', 'package/dist/generators/system/files/crate/Cargo.toml.template']));
  });
});
