import { modelOf, pkg } from '../testing/memory-workspace';
import { NO_READS, type SourceReads } from '../cargo';
import { crateNamedInputs, defaultNamedInputs, nxJsonOnlyNamedInputs } from './inputs';
import { lockGateTarget } from './lock-gate';
import type { Input } from './inputs';
import type { TargetKind } from './options';
import { TARGET_SPECS } from './targets';
import { sharedTargetInputs as targetInputs, targetNamedInputs } from './targets/shared-fields';

/** A target's inputs with the named inputs of its kind and the lock gate's spelled out, as Nx reads them (order aside). */
function expanded(inputs: Input[] | undefined, kind: TargetKind): Input[] | undefined {
  if (!inputs) return undefined;
  const named = targetNamedInputs([kind], true);
  const expand = (list: Input[]): Input[] => list.flatMap((i) => (typeof i === 'string' && named[i] ? expand(named[i]) : [i]));
  return expand(inputs);
}
const sharedTargetInputs = (kind: TargetKind) => expanded(targetInputs(kind), kind);
function closureTargetInputs(deps: string[], packages: string[], kind: 'build' | 'package' = 'build', workspace = ws): Input[] {
  const spec = TARGET_SPECS[kind].inputs!;
  if (spec.scope !== 'crate') throw new Error(`${kind} inputs are not per crate`);
  return expanded([`cargo-${kind}-inputs`, ...spec.of({ workspace, closure: { deps, packages } })], kind)!;
}
const packageTargetInputs = (deps: string[], packages: string[], workspace: typeof ws) => closureTargetInputs(deps, packages, 'package', workspace);
const sorted = (inputs: Input[] | undefined) => inputs?.map((i) => JSON.stringify(i)).sort();

const model = modelOf({
  'rust/Cargo.toml': '[workspace]\nmembers = ["crates/*"]\n',
  'rust/crates/a/Cargo.toml': pkg('a'),
  'rust/crates/a/src/lib.rs': '',
});
const ws = model.workspaces[0];

describe('targetInputs', () => {
  const gate = { dependentTasksOutputFiles: 'dist/.cargo-lock/**' };

  it('gives test every file of the crate and what it reads outside it, what compiling its dependencies reads, workspace files, environment and only its own externals', () => {
    const harness = ['RUST_TEST_THREADS', 'RUST_TEST_SHUFFLE', 'RUST_TEST_SHUFFLE_SEED', 'RUST_TEST_NOCAPTURE', 'RUST_BACKTRACE', 'RUST_MIN_STACK'].map((env) => ({ env }));
    expect(sorted(sharedTargetInputs('test'))).toEqual(sorted(['cargo-sources', 'cargo-reads', '^cargo-compiled', 'cargo-workspace', { externalDependencies: [] }, gate, ...harness]));
    // What the test harness reads when tests run is no input of what only compiles.
    expect(sharedTargetInputs('lint')).not.toContainEqual({ env: 'RUST_TEST_THREADS' });
    // check compiles every target (--all-targets): tests, benches and examples count, Markdown does not.
    expect(sorted(sharedTargetInputs('check'))).toEqual(sorted(['cargo-all-targets', '^cargo-compiled', 'cargo-workspace', { externalDependencies: [] }, gate]));
  });

  it('gives every target that compiles the crate what it reads outside its folder', () => {
    for (const kind of ['test', 'lint', 'doc', 'fmt'] as const) expect({ kind, inputs: sharedTargetInputs(kind) }).toEqual({ kind, inputs: expect.arrayContaining(['cargo-reads']) });
    expect(packageTargetInputs([], [], ws)).toEqual(expect.arrayContaining(['cargo-sources', 'cargo-reads']));
    // build and check through cargo-compiled and cargo-all-targets.
    expect(defaultNamedInputs()['cargo-all-targets']).toContain('cargo-reads');
    expect(defaultNamedInputs()['cargo-compiled']).toContain('cargo-all-targets');
  });

  it('lists build’s closure crate by crate, so a dev-dependency never reaches it', () => {
    expect(targetInputs('build')).toBeUndefined();
    expect(sorted(closureTargetInputs(['core', 'util'], ['cargo:itoa@1.0.11']))).toEqual(
      sorted(['cargo-compiled', { input: 'cargo-compiled', projects: ['core', 'util'] }, 'cargo-workspace', { externalDependencies: ['cargo:itoa@1.0.11'] }, gate]),
    );
    // No dependency, no registry package: still an (empty) externalDependencies, or Nx would hash them all.
    expect(sorted(closureTargetInputs([], []))).toEqual(sorted(['cargo-compiled', 'cargo-workspace', { externalDependencies: [] }, gate]));
    expect(sorted(sharedTargetInputs('doc'))).toEqual(sorted(['cargo-sources', 'cargo-reads', '^cargo-compiled', 'cargo-workspace', { externalDependencies: [] }, gate]));
  });

  const reads = (r: Partial<SourceReads>): SourceReads => ({ ...NO_READS, ...r });
  const shared = new Set(['cargo-sources', 'cargo-reads', 'cargo-all-targets', 'cargo-compiled', 'cargo-env', 'cargo-workspace', 'cargo-toolchain']);
  const NOT_MARKDOWN = ['!{projectRoot}/**/*.md', '!{projectRoot}/**/*.markdown'];
  const NOT_TESTS = ['!{projectRoot}/tests/**/*', '!{projectRoot}/benches/**/*', '!{projectRoot}/examples/**/*'];

  it('leaves Markdown out of what compiling reads unless the crate includes it or has a build script', () => {
    expect(defaultNamedInputs()['cargo-all-targets']).toEqual(['cargo-sources', ...NOT_MARKDOWN, 'cargo-reads']);
    expect(crateNamedInputs(ws, shared)['cargo-all-targets']).toBeUndefined();
    expect(crateNamedInputs(ws, shared, reads({ markdown: true }))['cargo-all-targets']).toEqual(['cargo-sources', 'cargo-reads']);
    expect(crateNamedInputs(ws, new Set(), NO_READS, true)['cargo-all-targets']).toEqual(['cargo-sources', 'cargo-reads']);
  });

  it('leaves tests/, benches/ and examples/ out of what compiling the library and binaries reads, unless they compile files there', () => {
    expect(defaultNamedInputs()['cargo-compiled']).toEqual(['cargo-all-targets', ...NOT_TESTS]);
    expect(crateNamedInputs(ws, shared, reads({ markdown: true }))['cargo-compiled']).toBeUndefined();
    expect(crateNamedInputs(ws, shared, reads({ compiledTestDirs: ['examples'] }))['cargo-compiled']).toEqual(['cargo-all-targets', ...NOT_TESTS.slice(0, 2)]);
    expect(crateNamedInputs(ws, shared, reads({ compiledTestDirs: ['tests', 'benches', 'examples'] }))['cargo-compiled']).toEqual(['cargo-all-targets']);
  });

  it('defines its own-file inputs itself under an nx.json written before cargo-reads existed', () => {
    const older = new Set(['cargo-sources', 'cargo-compiled', 'cargo-env', 'cargo-workspace']);
    expect(Object.keys(crateNamedInputs(ws, older)).sort()).toEqual(['cargo-all-targets', 'cargo-compiled', 'cargo-reads', 'cargo-toolchain', 'cargo-workspace']);
  });

  it('names the files outside the crate and the variables compiling it reads in cargo-reads', () => {
    expect(defaultNamedInputs()['cargo-reads']).toEqual([]);
    const named = crateNamedInputs(ws, shared, reads({ outside: ['shared/data.txt', 'shared/assets/**/*'], env: ['GREETING'] }));
    expect(named['cargo-reads']).toEqual(['{workspaceRoot}/shared/data.txt', '{workspaceRoot}/shared/assets/**/*', { env: 'GREETING' }]);
    expect(named['cargo-compiled']).toBeUndefined();
    // Files beyond the Nx root: one runtime input for the crate.
    const beyond = crateNamedInputs(ws, shared, reads({ unseen: ['../x.txt', '/opt/y.txt'] }))['cargo-reads'];
    expect(beyond).toEqual([{ runtime: `node -e "require('@ms/rust/dist/runtime/cargo-state.js').printFiles({paths:['../x.txt','/opt/y.txt']})"` }]);
  });

  it('gates on the whole Cargo.lock of the crate’s workspace through a no-op task with outputs nothing writes', () => {
    expect(lockGateTarget(ws, 'a')).toEqual(
      expect.objectContaining({
        executor: '@ms/rust:cargo',
        options: { command: 'none' },
        cache: false,
        inputs: ['{workspaceRoot}/rust/Cargo.lock', { externalDependencies: [] }],
        outputs: ['{workspaceRoot}/dist/.cargo-lock/a'],
      }),
    );
  });

  it('names the workspace manifest, toolchain and cargo config files from the workspace root up', () => {
    const named = crateNamedInputs(ws, new Set());
    expect(named['cargo-sources']).toEqual(['{projectRoot}/**/*', '!{projectRoot}/target/**/*', '!{projectRoot}/Cargo.lock']);
    expect(named['cargo-workspace']).toEqual(
      expect.arrayContaining([
        '{workspaceRoot}/rust/Cargo.toml',
        '{workspaceRoot}/rust/rust-toolchain.toml',
        '{workspaceRoot}/rust/.cargo/config.toml',
        '{workspaceRoot}/rust-toolchain.toml',
        '{workspaceRoot}/.cargo/config.toml',
      ]),
    );
    // Cargo.lock as a whole is never a compiling target's input: the crate's slice reaches the hash as external nodes.
    expect(Object.values(named).flat().filter((i) => typeof i === 'string' && i.endsWith('Cargo.lock'))).toEqual(['!{projectRoot}/Cargo.lock']);
    // The environment is printed by cargo-workspace's runtime input (one node process for both); cargo-env stays, empty, for inputs naming it.
    expect(named['cargo-env']).toEqual([]);
    // The toolchain and cargo's whole configuration as seen where cargo runs: the Cargo workspace's folder.
    expect(named['cargo-workspace']).toEqual(
      expect.arrayContaining([
        { runtime: `node -e "require('@ms/rust/dist/runtime/cargo-state.js').printWorkspace({dir:'rust',env:true,lock:true})"` },
        { runtime: 'cd rust && rustc -vV' },
      ]),
    );
  });

  it('hashes what Nx cannot see: a git-ignored Cargo.lock, crates outside the Nx root, [patch] crates', () => {
    const outside = modelOf({
      'Cargo.toml': '[workspace]\nmembers = ["a"]\nexclude = ["vendor"]\n[patch.crates-io]\npat = { path = "vendor/pat" }\nfar = { path = "../far" }\n',
      'Cargo.lock': 'version = 4\n',
      'a/Cargo.toml': pkg('a', '[dependencies]\nout = { path = "../../outside/out" }\n[target.\'cfg(unix)\'.dev-dependencies]\nu = { path = "../../outside/u" }\n'),
      'a/src/lib.rs': '',
      'vendor/pat/Cargo.toml': pkg('pat'),
    });
    const inputs = crateNamedInputs(outside.workspaces[0], new Set(['cargo-workspace']))['cargo-workspace'];
    expect(inputs).toEqual(
      expect.arrayContaining([
        '{workspaceRoot}/vendor/pat/**/*',
        { runtime: `node -e "require('@ms/rust/dist/runtime/cargo-state.js').printWorkspace({dir:'',env:true,paths:['../far','../outside/out','../outside/u']})"` },
        { runtime: 'rustc -vV' },
      ]),
    );
    // Without a Cargo.lock among Nx's files, the runtime input hashes it (if it is there).
    expect(crateNamedInputs(ws, new Set())['cargo-workspace']).toContainEqual({ runtime: expect.stringContaining("printWorkspace({dir:'rust',env:true,lock:true})") });
  });

  it('leaves out the named inputs nx.json defines, except a nested workspace own files', () => {
    expect(Object.keys(crateNamedInputs(ws, shared))).toEqual(['cargo-workspace', 'cargo-toolchain']);
    const root = modelOf({ 'Cargo.toml': '[workspace]\nmembers = ["a"]\n', 'Cargo.lock': 'version = 4\n', 'a/Cargo.toml': pkg('a'), 'a/src/lib.rs': '' });
    expect(crateNamedInputs(root.workspaces[0], shared)).toEqual({});
    // A root workspace whose Cargo.lock git ignores has its own cargo-workspace (the lock's hash).
    const ignoredLock = modelOf({ 'Cargo.toml': '[workspace]\nmembers = ["a"]\n', 'a/Cargo.toml': pkg('a'), 'a/src/lib.rs': '' });
    expect(Object.keys(crateNamedInputs(ignoredLock.workspaces[0], shared))).toEqual(['cargo-workspace']);
    // With nx.json's value for that case (what init writes), it names it: the same inputs, a few bytes.
    const unseen = crateNamedInputs(ignoredLock.workspaces[0], new Set())['cargo-workspace'];
    expect(unseen).toContainEqual({ runtime: expect.stringContaining("printWorkspace({dir:'',env:true,lock:true})") });
    expect(nxJsonOnlyNamedInputs()['cargo-workspace-unseen-lock']).toEqual(unseen);
    expect(crateNamedInputs(ignoredLock.workspaces[0], new Set([...shared, 'cargo-workspace-unseen-lock']))).toEqual({ 'cargo-workspace': ['cargo-workspace-unseen-lock'] });
    // Not for a nested workspace, nor one whose lock Nx sees.
    expect(crateNamedInputs(ws, new Set([...shared, 'cargo-workspace-unseen-lock']))['cargo-workspace']).toEqual(crateNamedInputs(ws, shared)['cargo-workspace']);
    expect(crateNamedInputs(root.workspaces[0], new Set([...shared, 'cargo-workspace-unseen-lock']))).toEqual({});
    expect(defaultNamedInputs()['cargo-workspace']).toContain('{workspaceRoot}/Cargo.toml');
  });

  it('adds clippy configuration to lint only', () => {
    expect(sharedTargetInputs('lint')).toEqual(expect.arrayContaining(['{workspaceRoot}/**/clippy.toml', '{workspaceRoot}/**/.clippy.toml']));
    expect(sharedTargetInputs('test')).not.toContain('{workspaceRoot}/**/clippy.toml');
  });

  it('gives fmt the crate own files and rustfmt configuration, not its dependencies, cargo settings or environment', () => {
    const inputs = sharedTargetInputs('fmt')!;
    const named = targetNamedInputs(['fmt'], true)['cargo-fmt-inputs'];
    expect(named).toEqual(expect.arrayContaining(['cargo-sources', 'cargo-reads', 'cargo-toolchain', '{workspaceRoot}/**/rustfmt.toml', '{workspaceRoot}/**/.rustfmt.toml']));
    expect(named).not.toContain('cargo-workspace');
    expect(named).not.toContain('cargo-env');
    expect(inputs).not.toContain('^cargo-compiled');
    expect(inputs).not.toContain(gate);
    // The toolchain, measured in the Cargo workspace's folder (the same command as cargo-workspace's: one process for both), and no
    // runtime input printing cargo's settings or the environment.
    const own = crateNamedInputs(ws, shared);
    expect(own['cargo-toolchain']).toEqual(['{workspaceRoot}/rust/Cargo.toml', ...['{workspaceRoot}/rust', '{workspaceRoot}'].flatMap((d) => [`${d}/rust-toolchain`, `${d}/rust-toolchain.toml`, `${d}/.cargo/config`, `${d}/.cargo/config.toml`]), { runtime: 'cd rust && rustc -vV' }]);
    expect(own['cargo-workspace']).toContainEqual({ runtime: 'cd rust && rustc -vV' });
    expect(defaultNamedInputs()['cargo-toolchain']).toEqual(expect.arrayContaining(['{workspaceRoot}/Cargo.toml', { runtime: 'rustc -vV' }]));
    expect(JSON.stringify(defaultNamedInputs()['cargo-toolchain'])).not.toContain('printWorkspace');
  });
});
