/**
 * `nx release` on examples/systems (shared_core and ten systems depending on it, all inheriting
 * `[workspace.package].version`; clap and criterion from the offline crates), with the
 * configuration `nx g @ms/rust:init` writes, publishing to a Cargo registry the test serves
 * (`utils/cargo-registry.ts`, `local` and `registry.default` in a CARGO_HOME config). The one
 * change to the example is what cargo asks of a path dependency published anywhere but
 * crates.io: `registry = "local"` on shared_core's `[workspace.dependencies]` entry, made after
 * a look at `package` without it. The tests run in order on one workspace.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startCargoRegistry, type CargoRegistry } from './utils/cargo-registry';
import { cratesEnv, createWorkspace, e2eRun, REPO_ROOT, type CommandResult, type TestWorkspace } from './utils/workspace';

const EXAMPLE = join(REPO_ROOT, 'examples', 'systems');
const SYSTEMS = readdirSync(join(EXAMPLE, 'crates'))
  .filter((c) => c !== 'shared_core')
  .sort();
const CRATES = ['shared_core', ...SYSTEMS].sort();

describe('nx release on examples/systems against a local registry', () => {
  let ws: TestWorkspace;
  let registry: CargoRegistry;
  let registryDir: string;
  const started = Date.now();
  const nx = (args: string[]): CommandResult => ws.nx(args, { env: registry.env, allowFailure: true, timeoutMs: 15 * 60 * 1000 });
  const uploads = () => registry.publishes().filter((p) => p.status === 200);
  const tags = () => ws.git(['tag', '--list']).stdout.trim().split('\n').filter(Boolean);
  const gitStatus = () => ws.git(['status', '--porcelain']).stdout.trim();
  /** A file of a published .crate, as the registry stored it. */
  const inCrate = (crate: string, version: string, file: string) =>
    ws.exec('tar', ['-xzOf', join(registryDir, 'crates', crate, `${version}.crate`), `${crate}-${version}/${file}`]).stdout;

  beforeAll(async () => {
    ws = createWorkspace('systems', { source: EXAMPLE });
    registryDir = join(e2eRun().root, `cargo-registry-systems-${Date.now()}`);
    const home = cratesEnv().CARGO_HOME;
    registry = await startCargoRegistry(registryDir, home ? readFileSync(join(home, 'config.toml'), 'utf8') : '');
    // As after `npm install @ms/rust`: `nx g @ms/rust:init` registers the plugin and writes the release configuration.
    ws.write('nx.json', '{}\n');
    ws.cargo(['generate-lockfile', '--offline'], { env: cratesEnv() });
    ws.commit('plugin not registered');
  });
  afterAll(async () => {
    await registry?.stop();
    process.stdout.write(`[release-systems] ${((Date.now() - started) / 1000).toFixed(0)}s\n`);
  });

  it('nx g @ms/rust:init writes one fixed release group of the 11 crates, tagged v{version}', () => {
    ws.nx(['g', '@ms/rust:init'], { env: registry.env });
    expect(JSON.parse(ws.read('nx.json')).release).toEqual({
      projects: CRATES,
      projectsRelationship: 'fixed',
      releaseTag: { pattern: 'v{version}' },
      version: { versionActions: '@ms/rust/release', currentVersionResolver: 'disk' },
      changelog: { workspaceChangelog: { file: '{workspaceRoot}/CHANGELOG.md', createRelease: false }, projectChangelogs: false },
    });
    for (const crate of CRATES) {
      const project = ws.nxJson<{ targets: Record<string, unknown> }>(['show', 'project', crate, '--json'], { env: registry.env });
      expect({ crate, publish: project.targets['nx-release-publish'] !== undefined }).toEqual({ crate, publish: true });
    }
    ws.commit('nx g @ms/rust:init');
  });

  it('as the example is, with crates.io replaced by a local directory: the systems archived, no .crate, and a warning saying why', () => {
    const result = ws.nx(['run-many', '-t', 'package', '-p', 'shared_core', 'chaos_engine', '--output-style=static'], { env: cratesEnv(), allowFailure: true });
    expect({ status: result.status, output: result.output }).toMatchObject({ status: 0 });
    expect(readdirSync(ws.path('dist/packages/shared_core'))).toContain('shared_core-0.1.0.crate');
    expect(readdirSync(ws.path('dist/packages/chaos_engine')).filter((f) => f.endsWith('.crate'))).toEqual([]);
    const why = 'no .crate: cargo cannot package it together with shared_core@0.1.0 (needed alongside until the registry has it): that overlays them on a remote registry, and crates-io is replaced here by the local source';
    expect(result.output).toContain(`warning: ${why}`);
    expect(JSON.parse(ws.read('dist/packages/chaos_engine/manifest.json')).warnings).toContainEqual(expect.stringContaining(why));
  });

  it('published to a registry of its own (`registry = "local"` on the path dependency): the system\'s .crate made before shared_core is in it', () => {
    ws.replace('Cargo.toml', 'shared_core = { path = "crates/shared_core", version = "0.1.0" }', 'shared_core = { path = "crates/shared_core", version = "0.1.0", registry = "local" }');
    ws.commit('publish shared_core to the local registry');
    const made = nx(['package', 'chaos_engine', '--skip-nx-cache']);
    expect({ status: made.status, output: made.output }).toMatchObject({ status: 0 });
    expect(readdirSync(ws.path('dist/packages/chaos_engine'))).toContain('chaos_engine-0.1.0.crate');
    expect(gitStatus()).toBe('');
    expect(registry.publishes()).toEqual([]);
  });

  it('nx release patch --first-release --dry-run --yes: every file change shown, each crate packaged and verified, nothing written or uploaded', () => {
    const result = nx(['release', 'patch', '--first-release', '--dry-run', '--yes']);
    expect({ status: result.status, output: result.output }).toMatchObject({ status: 0 });
    for (const file of ['Cargo.toml', 'Cargo.lock']) expect(result.output).toContain(`UPDATE ${file} [dry-run]`);
    expect(result.output).toContain('+ shared_core = { path = "crates/shared_core", version = "0.1.1", registry = "local" }');
    // A dry run writes no version, so cargo packages and verifies the crates as they are on disk.
    for (const crate of CRATES) expect(result.output).toContain(`${crate}@0.1.0: dry run, nothing uploaded to local`);
    expect(gitStatus()).toBe('');
    expect(tags()).toEqual([]);
    expect(registry.publishes()).toEqual([]);
  });

  it('nx release patch --first-release --yes: versions, Cargo.lock, changelog, tag, and all 11 crates published, shared_core first', () => {
    const result = nx(['release', 'patch', '--first-release', '--yes', '--verbose']);
    expect({ status: result.status, output: result.output }).toMatchObject({ status: 0 });

    const manifest = ws.read('Cargo.toml');
    expect(manifest).toMatch(/\[workspace\.package\]\nversion = "0\.1\.1"/);
    expect(manifest).toContain('shared_core = { path = "crates/shared_core", version = "0.1.1", registry = "local" }');
    expect(ws.cargo(['metadata', '--offline', '--locked', '--format-version', '1'], { env: registry.env, allowFailure: true }).status).toBe(0);
    expect(ws.read('CHANGELOG.md')).toMatch(/^## 0\.1\.1 \(/);
    expect(tags()).toEqual(['v0.1.1']);
    expect(gitStatus()).toBe('');

    expect(uploads().map((p) => p.name).sort()).toEqual(CRATES);
    expect(uploads()[0]).toEqual({ name: 'shared_core', vers: '0.1.1', status: 200 });
    expect(registry.publishes().filter((p) => p.status !== 200)).toEqual([]);
    for (const crate of CRATES) {
      expect(registry.versions(crate)).toEqual(['0.1.1']);
      expect(inCrate(crate, '0.1.1', 'Cargo.toml')).toMatch(/\[package\][^[]*\nversion = "0\.1\.1"/);
    }
    // What a dependent asks of shared_core: the new version, from the registry it was published to.
    expect(inCrate('chaos_engine', '0.1.1', 'Cargo.toml')).toMatch(/\[dependencies\.shared_core\]\nversion = "0\.1\.1"\nregistry-index = "[^"]+"/);
  });

  it('nx release publish again uploads nothing', () => {
    const before = registry.publishes().length;
    const result = nx(['release', 'publish']);
    expect({ status: result.status, output: result.output }).toMatchObject({ status: 0 });
    for (const crate of CRATES) expect(result.output).toContain(`${crate}@0.1.1 is already in local: skipped`);
    expect(registry.publishes().length).toBe(before);
  });
});
