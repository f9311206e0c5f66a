/**
 * Publishing through real Nx and cargo to a Cargo registry the test serves itself
 * (`utils/cargo-registry.ts`), configured the way a user's cargo is: a CARGO_HOME config naming it
 * `local` and `registry.default`, the token in CARGO_REGISTRIES_LOCAL_TOKEN.
 *
 * Fixture `publish`: base ← mid (normal dependency) ← top (build dependency), solo (unrelated),
 * internal (an unversioned path dependency on base: never published). Fixture `unversioned`: an
 * ordinary workspace whose libraries depend on each other by path without versions.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startCargoRegistry, type CargoRegistry } from './utils/cargo-registry';
import { cratesEnv, createWorkspace, e2eRun, OLDER_NX_MAJORS, prepareNxTemplate, taskOutcomes, type CommandResult, type TestWorkspace } from './utils/workspace';

interface Project {
  targets: Record<string, { executor: string; dependsOn?: unknown[]; cache?: boolean }>;
  metadata: { cargo: Record<string, unknown> };
}

/** The offline crates' cargo config (crates.io replaced by Debian's packaged crates), if any. */
function offlineSources(): string {
  const home = cratesEnv().CARGO_HOME;
  return home ? readFileSync(join(home, 'config.toml'), 'utf8') : '';
}

/** What `nx release publish` needs of nx.json: see the fixture's tools/no-version-actions.js. */
const RELEASE = { release: { projects: ['*'], version: { versionActions: './tools/no-version-actions.js' } } };

/** A fresh registry for the publish fixture, its Cargo.lock made with the registry's config and committed. */
async function publishWorkspace(template?: ReturnType<typeof prepareNxTemplate>): Promise<{ ws: TestWorkspace; registry: CargoRegistry }> {
  // A release group with the crates (Nx's default group holds JavaScript packages only).
  const ws = createWorkspace('publish', { nxJson: RELEASE, template });
  const registry = await startCargoRegistry(join(e2eRun().root, `cargo-registry-${Date.now()}`), offlineSources());
  // Cargo.lock names the registry of the path dependencies, so it is made with its config.
  ws.cargo(['generate-lockfile'], { env: registry.env });
  ws.commit('Cargo.lock');
  return { ws, registry };
}

describe('nx release publish', () => {
  let ws: TestWorkspace;
  let registry: CargoRegistry;
  const publish = (...extra: string[]): CommandResult => ws.nx(['release', 'publish', ...extra], { env: registry.env, allowFailure: true });
  const uploads = () => registry.publishes().filter((p) => p.status === 200).map((p) => p.name);

  beforeAll(async () => {
    ({ ws, registry } = await publishWorkspace());
  });
  afterAll(async () => {
    await registry?.stop();
  });

  it('infers nx-release-publish for the publishable crates only, after the publishable crates they depend on, never cached', () => {
    const show = (p: string) => ws.nxJson<Project>(['show', 'project', p, '--json'], { env: registry.env });
    expect(show('base').targets['nx-release-publish']).toMatchObject({ executor: '@ms/rust:publish', cache: false, dependsOn: [] });
    expect(show('mid').targets['nx-release-publish'].dependsOn).toEqual([{ target: 'nx-release-publish', projects: ['base'], params: 'forward' }]);
    expect(show('top').targets['nx-release-publish'].dependsOn).toEqual([{ target: 'nx-release-publish', projects: ['mid'], params: 'forward' }]);
    const internal = show('internal');
    expect(internal.targets['nx-release-publish']).toBeUndefined();
    expect(internal.metadata.cargo).toMatchObject({ publish: false, notPublished: expect.stringContaining('dependency `base` in [dependencies] has a `path` but no `version`') });
  });

  it('`nx run-many -t package` makes the .crate of a library whose dependencies the registry does not have yet', () => {
    const result = ws.nx(['run-many', '-t', 'package', '--output-style=static'], { env: registry.env, allowFailure: true });
    expect({ status: result.status, output: result.output }).toMatchObject({ status: 0 });
    // cargo packages them alongside (its local overlay) instead of looking them up in the registry.
    expect(result.output).toContain('cargo package -p top@0.1.0 -p mid@0.1.0 -p base@0.1.0 --no-verify');
    for (const crate of ['base', 'mid', 'top', 'solo']) expect(readdirSync(ws.path(`dist/packages/${crate}`))).toContain(`${crate}-0.1.0.crate`);
    expect(registry.publishes()).toEqual([]);
  });

  it('--dry-run packages and verifies every crate, uploads nothing', () => {
    const result = publish('--dry-run');
    expect({ status: result.status, output: result.output }).toMatchObject({ status: 0 });
    expect(result.output).toContain('cargo publish -p base@0.1.0 --registry local --dry-run');
    // top's dependencies are not in the registry: cargo packages them alongside.
    expect(result.output).toMatch(/cargo publish -p top@0\.1\.0 --registry local -p mid@0\.1\.0 -p base@0\.1\.0 --dry-run/);
    expect(result.output).toContain('top@0.1.0: dry run, nothing uploaded to local');
    expect(registry.publishes()).toEqual([]);
  });

  it('a refused crate fails naming it, its dependents are not published, the unrelated ones are', () => {
    registry.refuse('mid');
    const result = publish();
    registry.refuse(undefined);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('mid@0.1.0: cargo publish to local failed');
    expect(result.output).toContain('the test registry refuses mid');
    const ran = taskOutcomes(result);
    expect(ran.has('top:nx-release-publish')).toBe(false);
    expect(uploads().sort()).toEqual(['base', 'solo']);
    expect(registry.publishes().map((p) => `${p.name}:${p.status}`)).toContain('mid:500');
    expect(registry.versions('top')).toEqual([]);
  });

  it('run again, it skips what the registry has and publishes the rest, each after its dependencies', () => {
    const before = registry.publishes().length;
    const result = publish();
    expect({ status: result.status, output: result.output }).toMatchObject({ status: 0 });
    expect(result.output).toContain('base@0.1.0 is already in local: skipped');
    expect(result.output).toContain('solo@0.1.0 is already in local: skipped');
    // No second upload of base or solo: only mid, then top.
    expect(registry.publishes().slice(before).map((p) => `${p.name}:${p.status}`)).toEqual(['mid:200', 'top:200']);
    const order = uploads();
    expect(order.indexOf('base')).toBeLessThan(order.indexOf('mid'));
    expect(order.indexOf('mid')).toBeLessThan(order.indexOf('top'));
    for (const crate of ['base', 'mid', 'top', 'solo']) expect(registry.versions(crate)).toEqual(['0.1.0']);
    expect(registry.versions('internal')).toEqual([]);
  });

  it('a third run uploads nothing', () => {
    const before = registry.publishes().length;
    const result = publish();
    expect({ status: result.status, output: result.output }).toMatchObject({ status: 0 });
    expect(result.output).toContain('top@0.1.0 is already in local: skipped');
    expect(registry.publishes().length).toBe(before);
  });
});

describe(`nx release publish on Nx ${OLDER_NX_MAJORS[0].nx}`, () => {
  let ws: TestWorkspace;
  let registry: CargoRegistry;
  beforeAll(async () => {
    ({ ws, registry } = await publishWorkspace(prepareNxTemplate(OLDER_NX_MAJORS[0])));
  });
  afterAll(async () => {
    await registry?.stop();
  });

  it('publishes every publishable crate, each after its dependencies', () => {
    const result = ws.nx(['release', 'publish'], { env: registry.env, allowFailure: true });
    expect({ status: result.status, output: result.output }).toMatchObject({ status: 0 });
    const order = registry.publishes().map((p) => `${p.name}:${p.status}`);
    expect([...order].sort()).toEqual(['base:200', 'mid:200', 'solo:200', 'top:200']);
    expect(order.indexOf('base:200')).toBeLessThan(order.indexOf('mid:200'));
    expect(order.indexOf('mid:200')).toBeLessThan(order.indexOf('top:200'));
  });
});

describe('nx run-many -t package on unversioned internal path dependencies', () => {
  let ws: TestWorkspace;
  beforeAll(() => {
    ws = createWorkspace('unversioned');
  });

  it('passes: a .crate for the publishable library, an archive for the binary, no package target for the library cargo would refuse', () => {
    const util = ws.nxJson<Project>(['show', 'project', 'util', '--json']);
    expect(util.targets.package).toBeUndefined();
    expect(util.metadata.cargo).toMatchObject({ publish: false, notPublished: expect.stringContaining('dependency `core` in [dependencies] has a `path` but no `version`') });
    const result = ws.nx(['run-many', '-t', 'package', '--output-style=static'], { allowFailure: true });
    expect({ status: result.status, output: result.output }).toMatchObject({ status: 0 });
    expect([...taskOutcomes(result).keys()].sort()).toEqual(['cli:package', 'core:package']);
    expect(readdirSync(ws.path('dist/packages/core'))).toContain('core-0.1.0.crate');
    expect(readdirSync(ws.path('dist/packages/cli')).filter((f) => f.endsWith('.crate'))).toEqual([]);
  });
});
