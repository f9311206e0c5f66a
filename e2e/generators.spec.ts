/**
 * The generators through real Nx: `nx g @ms/rust:init` (what `nx add @ms/rust` runs once the
 * package is installed) on a workspace without Cargo, then `nx g @ms/rust:system` for
 * shared_core and a system depending on it, which must pass every check on its first run.
 *
 * Fixture `empty`: an Nx workspace with a README and nothing else.
 */
import { existsSync } from 'node:fs';
import { cratesEnv, createWorkspace, taskIds, taskOutcomes, tasksWith, type TestWorkspace } from './utils/workspace';

describe('nx g @ms/rust:init', () => {
  let ws: TestWorkspace;

  beforeAll(() => {
    ws = createWorkspace('empty');
    // As after `npm install @ms/rust`: the plugin is installed but not registered yet.
    ws.write('nx.json', '{}\n');
    ws.commit('plugin not registered');
  });

  it('registers the plugin, its shared configuration, a virtual Cargo workspace and ignores build output', () => {
    ws.nx(['g', '@ms/rust:init']);
    const nxJson = JSON.parse(ws.read('nx.json'));
    expect(nxJson.plugins).toEqual(['@ms/rust']);
    expect(Object.keys(nxJson.namedInputs)).toEqual(expect.arrayContaining(['cargo-sources', 'cargo-workspace', 'cargo-env']));
    // No targetDefaults: Nx would merge each entry into every target of every crate, at more cost than it saves.
    expect(nxJson.targetDefaults).toBeUndefined();
    expect(ws.read('Cargo.toml')).toContain('[workspace]');
    expect(ws.read('.gitignore')).toMatch(/^dist\/$/m);
    expect(existsSync(ws.path('Cargo.toml'))).toBe(true);
    // The graph still builds with an empty Cargo workspace.
    expect(ws.nx(['show', 'projects']).status).toBe(0);
  });

  it('changes nothing when run again', () => {
    const before = [ws.read('nx.json'), ws.read('Cargo.toml'), ws.read('.gitignore')];
    ws.nx(['g', '@ms/rust:init']);
    expect([ws.read('nx.json'), ws.read('Cargo.toml'), ws.read('.gitignore')]).toEqual(before);
  });
});

describe('nx g @ms/rust:system', () => {
  let ws: TestWorkspace;
  const env = () => cratesEnv();

  beforeAll(() => {
    ws = createWorkspace('empty');
    ws.write('nx.json', '{}\n');
    ws.nx(['g', '@ms/rust:init']);
    ws.commit('init');
  });

  it('scaffolds shared_core and chaos_engine, adding them to the workspace', () => {
    ws.nx(['g', '@ms/rust:system', 'shared_core', '--cli=false', '--bench=false', '--description=Types every system shares']);
    ws.nx(['g', '@ms/rust:system', 'chaos_engine', '--deps=shared_core', '--description=Fault injection "and" resilience testing']);
    for (const file of ['Cargo.toml', 'README.md', 'src/lib.rs', 'src/api.rs', 'src/core.rs', 'src/config.rs', 'src/main.rs', 'examples/basic_usage.rs', 'examples/advanced.rs', 'examples/integration.rs', 'docs/SPEC.md', 'docs/ARCHITECTURE.md', 'docs/API.md', 'benches/benchmarks.rs']) {
      expect({ file, exists: existsSync(ws.path(`crates/chaos_engine/${file}`)) }).toEqual({ file, exists: true });
    }
    expect(ws.read('Cargo.toml')).toMatch(/members = \[[\s\S]*"crates\/shared_core"[\s\S]*"crates\/chaos_engine"/);
    ws.commit('two systems');
    expect(ws.nxJson<string[]>(['show', 'projects', '--json']).sort()).toEqual(['chaos_engine', 'shared_core']);
  });

  it('passes build, test, lint and fmt on the first run', () => {
    const targets = ['build', 'test', 'lint', 'fmt'];
    const result = ws.nx(['run-many', '-t', ...targets, '--output-style=static'], { env: env(), timeoutMs: 20 * 60 * 1000 });
    expect(tasksWith(taskOutcomes(result), 'run')).toEqual(taskIds(['chaos_engine', 'shared_core'], targets));
    // Unit, integration and doc tests all ran.
    expect(result.output).toMatch(/Running unittests src\/lib\.rs/);
    expect(result.output).toMatch(/Running tests\//);
    expect(result.output).toMatch(/Doc-tests chaos_engine/);
  });

  it('has examples and benches that compile, and a CLI that prints its usage', () => {
    ws.cargo(['build', '--examples'], { env: env(), timeoutMs: 20 * 60 * 1000 });
    ws.cargo(['bench', '--no-run'], { env: env(), timeoutMs: 20 * 60 * 1000 });
    const help = ws.nx(['run', 'chaos_engine:run', '--', '--help'], { env: env() });
    expect(help.output).toMatch(/Usage: chaos-cli/);
  });

  it('refuses a name cargo would refuse, writing nothing', () => {
    const before = ws.git(['status', '--porcelain']).stdout;
    const refused = ws.nx(['g', '@ms/rust:system', '1st_system'], { allowFailure: true });
    expect(refused.status).not.toBe(0);
    expect(refused.output).toMatch(/1st_system/);
    expect(ws.git(['status', '--porcelain']).stdout).toBe(before);
  });
});
