/**
 * `nx release` through real Nx and git, with the configuration `nx g @ms/rust:init` writes and
 * the version actions `@ms/rust/release` (publishing is skipped: `--skip-publish`).
 *
 * Fixture `release`: base and app inherit `[workspace.package].version` (0.1.0), util has its
 * own (1.2.3); app names util in `[dependencies]` (`^1.2`), `[dev-dependencies]` (`=1.2.3`),
 * `[build-dependencies]` (`1.2.3`) and `[target.'cfg(unix)'.dependencies]` (`~1.2.3`), and base
 * through `[workspace.dependencies]` (`0.1.0`); comments on the lines that change. Cargo.lock
 * was made by `cargo generate-lockfile --offline`. The tests run in order on one workspace.
 */
import { createWorkspace, type TestWorkspace } from './utils/workspace';

const RELEASE = ['release', '--skip-publish', '--verbose'];

describe('nx release', () => {
  let ws: TestWorkspace;
  const files = ['Cargo.toml', 'Cargo.lock', 'crates/base/Cargo.toml', 'crates/util/Cargo.toml', 'crates/app/Cargo.toml'];
  const snapshot = () => Object.fromEntries(files.map((f) => [f, ws.read(f)]));
  const tags = () => ws.git(['tag', '--list']).stdout.trim().split('\n').filter(Boolean).sort();
  const gitStatus = () => ws.git(['status', '--porcelain']).stdout.trim();
  /** cargo's own judgement: the manifests and Cargo.lock agree, without the network. */
  const lockAgrees = () => ws.cargo(['metadata', '--offline', '--locked', '--format-version', '1'], { allowFailure: true });

  beforeAll(() => {
    ws = createWorkspace('release');
    // As after `npm install @ms/rust`: `nx g @ms/rust:init` writes the release configuration.
    ws.write('nx.json', '{}\n');
    ws.commit('plugin not registered');
  });

  it('nx g @ms/rust:init writes a release configuration: the shared version one fixed group, util independent', () => {
    ws.nx(['g', '@ms/rust:init']);
    expect(JSON.parse(ws.read('nx.json')).release).toEqual({
      groups: {
        workspace: { projects: ['app', 'base'], projectsRelationship: 'fixed', releaseTag: { pattern: 'v{version}' } },
        crates: { projects: ['util'], projectsRelationship: 'independent', releaseTag: { pattern: '{projectName}@{version}' } },
      },
      version: { versionActions: '@ms/rust/release', currentVersionResolver: 'disk' },
      changelog: { workspaceChangelog: false, projectChangelogs: { file: '{projectRoot}/CHANGELOG.md', createRelease: false } },
    });
    ws.commit('nx g @ms/rust:init');
  });

  it('--dry-run prints every change and writes none', () => {
    const before = snapshot();
    const result = ws.nx([...RELEASE, 'patch', '--first-release', '--dry-run']);
    for (const file of files.filter((f) => f !== 'crates/base/Cargo.toml')) expect(result.output).toContain(`UPDATE ${file} [dry-run]`);
    expect(result.output).toContain('+ version = "0.1.1" # shared by base and app');
    expect(result.output).toContain('+ util = { path = "../util", version = "=1.2.4" } # pinned');
    expect(result.output).toMatch(/CREATE crates\/util\/CHANGELOG\.md \[dry-run\]/);
    expect(snapshot()).toEqual(before);
    expect(gitStatus()).toBe('');
    expect(tags()).toEqual([]);
  });

  it('nx release patch --first-release: new versions, every requirement, Cargo.lock, changelogs, a commit and tags', () => {
    const before = snapshot();
    ws.nx([...RELEASE, 'patch', '--first-release']);

    // The shared version once, in [workspace.package], and base's requirement in [workspace.dependencies].
    expect(ws.read('Cargo.toml')).toBe(
      before['Cargo.toml'].replace('version = "0.1.0" # shared by base and app', 'version = "0.1.1" # shared by base and app').replace('version = "0.1.0" }', 'version = "0.1.1" }'),
    );
    expect(ws.read('crates/base/Cargo.toml')).toBe(before['crates/base/Cargo.toml']);
    expect(ws.read('crates/util/Cargo.toml')).toBe(before['crates/util/Cargo.toml'].replace('version = "1.2.3"', 'version = "1.2.4"'));
    expect(ws.read('crates/app/Cargo.toml')).toBe(
      before['crates/app/Cargo.toml']
        .replace('version = "^1.2" } # caret, written short', 'version = "^1.2.4" } # caret, written short')
        .replace('version = "=1.2.3" } # pinned', 'version = "=1.2.4" } # pinned')
        .replace('{ path = "../util", version = "1.2.3" }', '{ path = "../util", version = "1.2.4" }')
        .replace('{ version = "~1.2.3", path = "../util" }', '{ version = "~1.2.4", path = "../util" }'),
    );
    expect(ws.read('Cargo.lock')).toBe(
      before['Cargo.lock'].replace('name = "app"\nversion = "0.1.0"', 'name = "app"\nversion = "0.1.1"').replace('name = "base"\nversion = "0.1.0"', 'name = "base"\nversion = "0.1.1"').replace('version = "1.2.3"', 'version = "1.2.4"'),
    );
    expect(lockAgrees().status).toBe(0);

    for (const [crate, version] of [['app', '0.1.1'], ['base', '0.1.1'], ['util', '1.2.4']]) {
      expect({ crate, changelog: ws.read(`crates/${crate}/CHANGELOG.md`) }).toEqual({ crate, changelog: expect.stringMatching(new RegExp(`^## ${version.replace(/\./g, '\\.')} \\(`)) });
    }
    expect(tags()).toEqual(['util@1.2.4', 'v0.1.1']);
    expect(gitStatus()).toBe('');
    expect(ws.git(['log', '-1', '--format=%s']).stdout.trim()).toMatch(/^chore\(release\): publish/);
  });

  it('nx release patch again: the next versions from the manifests, a changelog entry since the last tag', () => {
    ws.write('crates/util/src/lib.rs', `${ws.read('crates/util/src/lib.rs')}// faster\n`);
    ws.git(['add', '-A']);
    ws.git(['commit', '-q', '-m', 'fix(util): faster']);
    ws.nx([...RELEASE, 'patch']);
    expect(ws.read('crates/util/Cargo.toml')).toContain('version = "1.2.5"');
    expect(ws.read('crates/app/Cargo.toml')).toContain('version = "=1.2.5" } # pinned');
    expect(ws.read('Cargo.toml')).toContain('version = "0.1.2" # shared by base and app');
    expect(ws.read('crates/util/CHANGELOG.md')).toMatch(/^## 1\.2\.5 [\s\S]*faster[\s\S]*## 1\.2\.4 /);
    expect(lockAgrees().status).toBe(0);
    expect(tags()).toEqual(['util@1.2.4', 'util@1.2.5', 'v0.1.1', 'v0.1.2']);
    expect(gitStatus()).toBe('');
  });

  it('refuses an independent group holding crates that share a version, naming them and what to write', () => {
    const nxJson = JSON.parse(ws.read('nx.json'));
    nxJson.release = { projects: ['app', 'base', 'util'], projectsRelationship: 'independent', version: { versionActions: '@ms/rust/release' } };
    ws.write('nx.json', `${JSON.stringify(nxJson, null, 2)}\n`);
    ws.commit('independent release');
    const before = snapshot();
    const result = ws.nx([...RELEASE, 'patch'], { allowFailure: true });
    expect(result.status).not.toBe(0);
    expect(result.output).toContain(
      'Crates "app", "base" share one version ([workspace.package].version in Cargo.toml, through version.workspace = true), but the release configuration is independent ("projectsRelationship": "independent"). Release them together in one fixed group, e.g. in nx.json: "release": { "groups": { "workspace": { "projects": ["app", "base"], "projectsRelationship": "fixed" } } }',
    );
    expect(snapshot()).toEqual(before);
    expect(gitStatus()).toBe('');
  });
});
